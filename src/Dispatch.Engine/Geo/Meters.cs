namespace Dispatch.Engine.Geo;

/// <summary>A distance in metres. Keeps the unit in the type so kilometres and degrees cannot slip in.</summary>
public readonly record struct Meters(double Value) : IComparable<Meters>
{
    public static Meters Zero => new(0);

    public static Meters FromKilometers(double kilometers) => new(kilometers * 1000.0);

    public double Kilometers => Value / 1000.0;

    public int CompareTo(Meters other) => Value.CompareTo(other.Value);

    public static bool operator <(Meters left, Meters right) => left.Value < right.Value;

    public static bool operator >(Meters left, Meters right) => left.Value > right.Value;

    public static bool operator <=(Meters left, Meters right) => left.Value <= right.Value;

    public static bool operator >=(Meters left, Meters right) => left.Value >= right.Value;

    public static Meters operator +(Meters left, Meters right) => new(left.Value + right.Value);

    public static Meters operator -(Meters left, Meters right) => new(left.Value - right.Value);

    public static Meters operator *(Meters left, double factor) => new(left.Value * factor);

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Value:F0} m");
}
