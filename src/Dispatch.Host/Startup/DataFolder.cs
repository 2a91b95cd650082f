namespace Dispatch.Host.Startup;

/// <summary>The host's data folder (absolute) and the files it holds; created on first use.</summary>
public sealed class DataFolder
{
    public const string PoolSnapshotFileName = "pool.dpool";

    public DataFolder(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>The live pool snapshot: generated on the first embedded start, loaded on later starts.</summary>
    public string PoolSnapshot => Path.Combine(Root, PoolSnapshotFileName);

    /// <summary>Resolves the configured folder against the content root (an absolute path is kept as is).</summary>
    public static DataFolder Resolve(string contentRoot, string configured) =>
        new(Path.Combine(contentRoot, configured));
}
