namespace Dispatch.Engine.Pool.Generation;

/// <summary>The shares the generator draws from (documented in <c>docs/pool-snapshot.md</c>).</summary>
internal static class Distributions
{
    public const double KmPerDegreeLatitude = 111.32;

    /// <summary>Urban spread: sigma grows linearly from the smallest city (8 km) to the largest (15 km).</summary>
    public const double UrbanSigmaMinKm = 8;
    public const double UrbanSigmaMaxKm = 15;

    /// <summary>Rural spread: 30 km for the smallest city to 40 km for the largest.</summary>
    public const double RuralSigmaMinKm = 30;
    public const double RuralSigmaMaxKm = 40;
    public const double RuralShare = 0.25;

    /// <summary>Team bases scatter around the centre with this fraction of the urban sigma.</summary>
    public const double TeamBaseSigmaFactor = 0.6;

    public const double MinLatitude = 30.7;
    public const double MaxLatitude = 35.2;
    public const double MinLongitude = 116.3;
    public const double MaxLongitude = 121.9;

    public const double MinorShare = 0.02;

    /// <summary>Of adults, the share aged 18–44 (the rest are 45–70).</summary>
    public const double YoungAdultShare = 0.65;

    public const double SecondSkillShare = 0.20;

    /// <summary>Of volunteers with a second skill, the share with a third (≈ 4 % of all).</summary>
    public const double ThirdSkillGivenSecond = 0.20;

    public const double Level1Share = 0.60;
    public const double Level2Share = 0.30;

    public const double CertExpiredShare = 0.07;

    /// <summary>Certifications valid but expiring within the coming year.</summary>
    public const double CertExpiringShare = 0.05;

    public const double InsuranceValidShare = 0.90;
    public const double InsuranceExpiredShare = 0.06;

    public const double OnDutyShare = 0.075;

    /// <summary>Of on-duty volunteers, the share whose last position is hours old.</summary>
    public const double StaleShare = 0.05;
    public const int FreshWindowSeconds = 30 * 60;
    public const double FreshDriftKm = 1.5;
    public const double StaleDriftKm = 3;

    /// <summary>Of on-duty volunteers, the share holding an offer or an assignment (30 % / 70 %).</summary>
    public const double CommittedShare = 0.01;
    public const double OfferedShareOfCommitted = 0.30;

    /// <summary>Of on-duty volunteers, the share resting after a release.</summary>
    public const double RestingShare = 0.02;

    public const double WorkedLast7DaysShare = 0.20;
    public const double HoursMean = 8;
    public const double HoursCap = 40;

    public const double NoOffersShare = 0.30;
    public const int MaxOffers = 50;
    public const double MinAcceptRate = 0.35;
    public const double MaxAcceptRate = 0.95;

    /// <summary>Primary-skill weights by catalog key; a skill not listed here weighs <see cref="OtherSkillWeight"/>.</summary>
    public static double PrimaryWeight(string key) => key switch
    {
        "rescue" => 0.38,
        "medical" => 0.30,
        "fire" => 0.22,
        "psychological" => 0.10,
        _ => OtherSkillWeight,
    };

    public const double OtherSkillWeight = 0.05;

    /// <summary>Team types (志愿服务队伍类型) and their weights.</summary>
    public static IReadOnlyList<(string Type, double Weight)> TeamTypes { get; } =
    [
        ("综合", 0.35),
        ("救援", 0.30),
        ("医疗", 0.15),
        ("消防", 0.12),
        ("心理", 0.08),
    ];
}
