namespace Dispatch.Engine.Geo;

/// <summary>A prefecture-level city of Jiangsu with its administrative code, centre and 2020 census population.</summary>
/// <param name="Index">Dense index 0–12, stored per volunteer in one byte.</param>
/// <param name="Adcode">The national administrative division code (GB/T 2260), e.g. 320100 for 南京.</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="NameEn">Pinyin name.</param>
/// <param name="Centre">Approximate city centre (WGS84).</param>
/// <param name="Population">2020 census resident population (approximate).</param>
public sealed record JiangsuCity(byte Index, int Adcode, string NameZh, string NameEn, GeoPoint Centre, int Population)
{
    /// <summary>The 13 prefecture-level cities in adcode order (values from the design brief).</summary>
    public static IReadOnlyList<JiangsuCity> All { get; } =
    [
        new(0, 320100, "南京", "Nanjing", new GeoPoint(32.06, 118.80), 9_310_000),
        new(1, 320200, "无锡", "Wuxi", new GeoPoint(31.49, 120.31), 7_460_000),
        new(2, 320300, "徐州", "Xuzhou", new GeoPoint(34.20, 117.29), 9_080_000),
        new(3, 320400, "常州", "Changzhou", new GeoPoint(31.81, 119.97), 5_280_000),
        new(4, 320500, "苏州", "Suzhou", new GeoPoint(31.30, 120.59), 12_750_000),
        new(5, 320600, "南通", "Nantong", new GeoPoint(31.98, 120.89), 7_730_000),
        new(6, 320700, "连云港", "Lianyungang", new GeoPoint(34.60, 119.22), 4_600_000),
        new(7, 320800, "淮安", "Huai'an", new GeoPoint(33.61, 119.02), 4_560_000),
        new(8, 320900, "盐城", "Yancheng", new GeoPoint(33.38, 120.16), 6_710_000),
        new(9, 321000, "扬州", "Yangzhou", new GeoPoint(32.39, 119.41), 4_560_000),
        new(10, 321100, "镇江", "Zhenjiang", new GeoPoint(32.19, 119.43), 3_210_000),
        new(11, 321200, "泰州", "Taizhou", new GeoPoint(32.48, 119.92), 4_510_000),
        new(12, 321300, "宿迁", "Suqian", new GeoPoint(33.96, 118.28), 4_990_000),
    ];

    /// <summary>Finds a city by adcode; throws <see cref="ArgumentException"/> for an unknown code.</summary>
    public static JiangsuCity ByAdcode(int adcode) =>
        All.FirstOrDefault(c => c.Adcode == adcode)
        ?? throw new ArgumentException($"Unknown Jiangsu prefecture adcode {adcode}.", nameof(adcode));
}
