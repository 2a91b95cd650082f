using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Dispatch.Host.PrePlans;

/// <summary>
/// Typed access to a YAML node with errors that name the file, the position and a readable path
/// (<c>plan fire/Major: requirement 2: skill</c>). Unknown keys are errors, so typos do not pass silently.
/// </summary>
internal readonly record struct YamlReader(string Source, string Path, YamlNode Node)
{
    public PrePlanFormatException Error(string message, Exception? inner = null) =>
        new($"{Source}:{Node.Start.Line}:{Node.Start.Column}: {Path}: {message}", Node.Start.Line, Node.Start.Column, inner);

    /// <summary>Runs an Engine constructor and turns its argument errors into a positioned format error.</summary>
    public T Build<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException ex)
        {
            int cut = ex.Message.IndexOf(" (Parameter '", StringComparison.Ordinal);
            throw Error(cut < 0 ? ex.Message : ex.Message[..cut], ex);
        }
    }

    public YamlReader Child(string pathSegment, YamlNode node) => new(Source, Join(Path, pathSegment), node);

    public YamlMappingNode Mapping(params string[] allowedKeys)
    {
        if (Node is not YamlMappingNode map)
        {
            throw Error("expected a mapping (key: value lines).");
        }

        foreach (var key in map.Children.Keys)
        {
            string name = key is YamlScalarNode s ? s.Value ?? "" : key.ToString();
            if (allowedKeys.Length > 0 && !allowedKeys.Contains(name, StringComparer.Ordinal))
            {
                throw new YamlReader(Source, Path, key).Error(
                    $"unknown field '{name}'. Allowed: {string.Join(", ", allowedKeys)}.");
            }
        }

        return map;
    }

    public IEnumerable<(string Key, YamlReader Value)> Entries()
    {
        foreach (var (key, value) in Mapping().Children)
        {
            string name = key is YamlScalarNode s ? s.Value ?? "" : key.ToString();
            yield return (name, Child(name, value));
        }
    }

    public IEnumerable<YamlReader> Items(string itemName)
    {
        if (Node is not YamlSequenceNode seq)
        {
            throw Error("expected a list (lines starting with '- ').");
        }

        int i = 0;
        foreach (var item in seq.Children)
        {
            yield return new YamlReader(Source, Join(Path, $"{itemName} {++i}"), item);
        }
    }

    public YamlReader? Optional(string key) =>
        Node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? Child(key, value)
            : null;

    public YamlReader Required(string key) =>
        Optional(key) ?? throw Error($"missing field '{key}'.");

    public string Text()
    {
        if (Node is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
        {
            throw Error("expected a non-empty text value.");
        }

        return value;
    }

    public int Int() =>
        int.TryParse(Text(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw Error($"expected a whole number, got '{Text()}'.");

    public double Number() =>
        double.TryParse(Text(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw Error($"expected a number, got '{Text()}'.");

    public double PositiveNumber()
    {
        double value = Number();
        return value > 0 ? value : throw Error($"must be positive, got {value.ToString(CultureInfo.InvariantCulture)}.");
    }

    public bool Bool() => Text() switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        var other => throw Error($"expected true or false, got '{other}'."),
    };

    private static string Join(string path, string segment) => path.Length == 0 ? segment : $"{path}: {segment}";
}
