using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Archives;

/// <summary>One regular file of an archive, copied to a temp file of the store as it was read, with the digest of its bytes.</summary>
internal sealed record SpooledFile(string Name, SpooledBlob Blob)
{
    public string Path => Blob.Path;

    public long Length => Blob.Length;

    public Digest Digest => Blob.Digest;

    /// <summary>A small JSON document of the archive, read whole; refused past <paramref name="limit"/> bytes.</summary>
    public byte[] ReadDocument(long limit) =>
        Length <= limit ? File.ReadAllBytes(Path) : throw ArchiveErrors.TooLarge(Name, Length, limit);

    /// <summary>The file's bytes, as a stream the store can adopt the file from (the archive still deletes what is left).</summary>
    public Stream Open() => Blob.Open(ownsFile: false);
}

/// <summary>
/// An archive read to its end: a tar can only be read in order, and docker writes manifest.json after the layers it
/// names, so every file is first copied to a temp file of the store (hashed on the way) and looked up by name or digest
/// afterwards. Links between the archive's own files (docker 20.10 links a layer saved twice) are aliases. Disposing
/// deletes the temp files the store has not adopted.
/// </summary>
internal sealed class SpooledArchive : IDisposable
{
    private readonly Dictionary<string, SpooledFile> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<Digest, SpooledFile> _byDigest = [];

    public IEnumerable<SpooledFile> Files => _files.Values;

    public bool Contains(string name) => _files.ContainsKey(name) || _links.ContainsKey(name);

    public void AddFile(SpooledFile file)
    {
        _files.Add(file.Name, file);
        _byDigest.TryAdd(file.Digest, file);
    }

    public void AddLink(string name, string target) => _links.Add(name, target);

    /// <summary>Every link must name a regular file of the archive (not another link, not something outside).</summary>
    public void CheckLinks()
    {
        foreach (var (name, target) in _links)
        {
            if (!_files.ContainsKey(target))
            {
                throw ArchiveErrors.BadLink(name, target);
            }
        }
    }

    /// <summary>A file by its name in the archive (a link resolved), or null.</summary>
    public SpooledFile? Find(string name)
    {
        var path = ArchivePath.LinkTarget("", name, symbolic: false);
        if (path is null)
        {
            return null;
        }

        return _files.GetValueOrDefault(_links.GetValueOrDefault(path) ?? path);
    }

    /// <summary>A file whose bytes have this digest, or null.</summary>
    public SpooledFile? Find(Digest digest) => _byDigest.GetValueOrDefault(digest);

    public void Dispose()
    {
        foreach (var file in _files.Values)
        {
            ImageStore.TryDelete(file.Path);
        }

        _files.Clear();
    }
}
