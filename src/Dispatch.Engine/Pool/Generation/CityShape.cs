using Dispatch.Engine.Geo;
using static Dispatch.Engine.Pool.Generation.Distributions;

namespace Dispatch.Engine.Pool.Generation;

/// <summary>Where a city's volunteers live: its centre and the spread of its urban core and rural belt.</summary>
internal sealed record CityShape(byte CityIndex, GeoPoint Centre, double UrbanSigmaKm, double RuralSigmaKm)
{
    /// <summary>Sigma scales with population between the smallest and the largest of the 13 cities.</summary>
    public static CityShape For(JiangsuCity city)
    {
        int min = JiangsuCity.All.Min(c => c.Population);
        int max = JiangsuCity.All.Max(c => c.Population);
        double f = (city.Population - min) / (double)(max - min);
        return new CityShape(
            city.Index,
            city.Centre,
            UrbanSigmaMinKm + (f * (UrbanSigmaMaxKm - UrbanSigmaMinKm)),
            RuralSigmaMinKm + (f * (RuralSigmaMaxKm - RuralSigmaMinKm)));
    }

    /// <summary>
    /// A 2-D Gaussian point around (lat, lon) with sigma in km, redrawn up to 8 times when it falls outside the
    /// Jiangsu bounding box and clamped after that (so nothing piles up on the box edge in practice).
    /// </summary>
    public static (float Lat, float Lon) Sample(ref Xoshiro256 rng, double lat, double lon, double sigmaKm)
    {
        double sigmaLat = sigmaKm / KmPerDegreeLatitude;
        double sigmaLon = sigmaKm / (KmPerDegreeLatitude * Math.Cos(lat * (Math.PI / 180)));
        double y = lat;
        double x = lon;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            var (a, b) = rng.NextGaussianPair();
            y = lat + (a * sigmaLat);
            x = lon + (b * sigmaLon);
            if (y is >= MinLatitude and <= MaxLatitude && x is >= MinLongitude and <= MaxLongitude)
            {
                break;
            }
        }

        return ((float)Math.Clamp(y, MinLatitude, MaxLatitude), (float)Math.Clamp(x, MinLongitude, MaxLongitude));
    }
}
