using Dispatch.Engine.Pool;

namespace Dispatch.Host.Pool;

/// <summary>Snapshot files on disk: written to a temporary file beside the target and renamed, so a crash never leaves half a file.</summary>
internal sealed class SnapshotFile : IDisposable
{
    private const int BufferSize = 1 << 20;

    private readonly FileStream _temp;
    private bool _committed;

    private SnapshotFile(string path, FileStream temp)
    {
        Path = path;
        _temp = temp;
    }

    /// <summary>The final path.</summary>
    public string Path { get; }

    /// <summary>
    /// Creates the folder and the temporary file now, so an unwritable path fails before minutes of generation.
    /// </summary>
    public static SnapshotFile Create(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new IOException($"'{full}' is a folder; give a file name such as {System.IO.Path.Combine(full, "pool.dpool")}.");
        }

        string folder = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temp = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.SequentialScan);
        return new SnapshotFile(full, stream);
    }

    /// <summary>Writes the pool, flushes it to disk and moves it into place (replacing an older file).</summary>
    public long Commit(VolunteerPool pool, IProgress<long>? bytesWritten = null)
    {
        using (var counting = new CountingStream(_temp, bytesWritten))
        {
            PoolSnapshot.Write(pool, counting);
        }

        _temp.Flush(flushToDisk: true);
        long length = _temp.Length;
        _temp.Dispose();
        File.Move(_temp.Name, Path, overwrite: true);
        _committed = true;
        return length;
    }

    public static VolunteerPool Load(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        return PoolSnapshot.Read(stream);
    }

    public void Dispose()
    {
        _temp.Dispose();
        if (!_committed)
        {
            File.Delete(_temp.Name);
        }
    }

    /// <summary>Passes writes through and reports the running byte count.</summary>
    private sealed class CountingStream(Stream inner, IProgress<long>? progress) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            _written += buffer.Length;
            progress?.Report(_written);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
