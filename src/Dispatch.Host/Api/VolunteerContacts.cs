using System.Globalization;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Api;

/// <summary>Contact details kept apart from the pool (the pool holds no personal identifiers).</summary>
public interface IVolunteerContacts
{
    /// <summary>The volunteer's mobile number (11 digits), or null when unknown.</summary>
    string? PhoneOf(VolunteerId id);
}

/// <summary>Embedded mode: a made-up but stable mainland mobile number per demo volunteer.</summary>
public sealed class DemoVolunteerContacts : IVolunteerContacts
{
    private static readonly string[] Prefixes = ["138", "139", "150", "151", "158", "177", "181", "187", "189", "199"];

    public string? PhoneOf(VolunteerId id)
    {
        // A fixed bijective scramble of the id, so neighbours do not get neighbouring numbers.
        ulong x = unchecked((ulong)id.Value * 0x9E3779B97F4A7C15UL);
        x ^= x >> 29;
        string prefix = Prefixes[(int)(x % (ulong)Prefixes.Length)];
        return prefix + (x / 10 % 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
    }

    /// <summary>"138****5678": the first three and last four digits.</summary>
    public static string Mask(string phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return phone.Length < 8 ? new string('*', phone.Length) : string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(phone.Length - 4));
    }
}
