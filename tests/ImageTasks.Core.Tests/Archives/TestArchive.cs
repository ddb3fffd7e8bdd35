using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace ImageTasks.Core.Tests.Archives;

/// <summary>
/// Builds image archives entry by entry, the way docker 20.10 saves (<c>ID/layer.tar</c>, <c>ID.json</c>,
/// <c>manifest.json</c>), so a test can write a good one or break exactly one rule.
/// </summary>
internal sealed class TestArchive
{
    /// <summary>Every entry's date: the same archive has the same bytes every run, so generated damage hits the same bytes.</summary>
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    private readonly List<Action<TarWriter>> _entries = [];
    private readonly List<string> _manifest = [];

    public TestArchive File(string name, byte[] content)
    {
        _entries.Add(w => w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), ModificationTime = Epoch }));
        return this;
    }

    public TestArchive File(string name, string content) => File(name, Encoding.UTF8.GetBytes(content));

    public TestArchive Folder(string name)
    {
        _entries.Add(w => w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name) { ModificationTime = Epoch }));
        return this;
    }

    public TestArchive Link(string name, string target, bool symbolic = true)
    {
        _entries.Add(w => w.WriteEntry(new PaxTarEntry(symbolic ? TarEntryType.SymbolicLink : TarEntryType.HardLink, name) { LinkName = target, ModificationTime = Epoch }));
        return this;
    }

    /// <summary>One image as docker 20.10 saves it; returns the image ID (config digest).</summary>
    public string Image(string repoTag, params byte[][] layers) => ImageWithConfig(repoTag, TestArchive.Config(layers.Select(Sha256)), layers);

    /// <summary>One image as docker 20.10 saves it, with the config given (whose diff_ids may lie).</summary>
    public string ImageWithConfig(string repoTag, byte[] config, params byte[][] layers)
    {
        var id = Sha256(config);
        var layerNames = new List<string>();
        foreach (var (layer, i) in layers.Select((l, i) => (l, i)))
        {
            var folder = LayerFolder(id, i);
            Folder(folder + "/");
            File($"{folder}/layer.tar", layer);
            layerNames.Add($"{folder}/layer.tar");
        }

        File($"{id[7..]}.json", config);
        Names(id, repoTag, layerNames);
        return id;
    }

    /// <summary>The folder docker 20.10 would name a layer of an image (its v1 ID; any unique hex does here).</summary>
    public static string LayerFolder(string imageId, int layer) => Sha256(Encoding.UTF8.GetBytes($"{imageId}/{layer}"))[7..];

    /// <summary>A manifest.json entry naming files added by hand.</summary>
    public TestArchive Names(string imageId, string repoTag, IEnumerable<string> layerFiles)
    {
        _manifest.Add($$$"""{"Config":"{{{imageId[7..]}}}.json","RepoTags":["{{{repoTag}}}"],"Layers":[{{{string.Join(',', layerFiles.Select(n => $"\"{n}\""))}}}]}""");
        return this;
    }

    /// <summary>
    /// One image as an OCI layout (podman's and skopeo's oci-archive): blobs by digest and index.json naming the manifest;
    /// <paramref name="sizeDelta"/> makes index.json lie about the manifest's size. Returns the manifest digest.
    /// </summary>
    public string OciImage(string name, int sizeDelta, params byte[][] layers)
    {
        var config = TestArchive.Config(layers.Select(Sha256));
        Folder("blobs/").Folder("blobs/sha256/");
        foreach (var layer in layers.Append(config))
        {
            File($"blobs/sha256/{Sha256(layer)[7..]}", layer);
        }

        var layerJson = string.Join(',', layers.Select(l => "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + Sha256(l) + "\",\"size\":" + l.Length + "}"));
        var manifest = Encoding.UTF8.GetBytes(
            $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{Sha256(config)}}}","size":{{{config.Length}}}},"layers":[{{{layerJson}}}]}""");
        File($"blobs/sha256/{Sha256(manifest)[7..]}", manifest);
        File("oci-layout", """{"imageLayoutVersion":"1.0.0"}""");
        File("index.json",
            $$$"""{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{Sha256(manifest)}}}","size":{{{manifest.Length + sizeDelta}}},"annotations":{"org.opencontainers.image.ref.name":"{{{name}}}"}}]}""");
        return Sha256(manifest);
    }

    /// <summary>Adds docker's manifest.json for the images added so far.</summary>
    public TestArchive Manifest()
    {
        File("manifest.json", "[" + string.Join(',', _manifest) + "]");
        return this;
    }

    public byte[] ToBytes(bool gzip = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in _entries)
            {
                entry(writer);
            }
        }

        if (!gzip)
        {
            return buffer.ToArray();
        }

        using var compressed = new MemoryStream();
        using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(buffer.ToArray());
        }

        return compressed.ToArray();
    }

    /// <summary>A real layer: a tar holding one file.</summary>
    public static byte[] Layer(string fileName, string content)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, fileName) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), ModificationTime = Epoch });
        }

        return buffer.ToArray();
    }

    public static byte[] Config(IEnumerable<string> diffIds, string author = "test") => Encoding.UTF8.GetBytes(
        $$$"""{"architecture":"amd64","os":"linux","author":"{{{author}}}","created":"2024-01-01T00:00:00Z","config":{},"rootfs":{"type":"layers","diff_ids":[{{{string.Join(',', diffIds.Select(d => $"\"{d}\""))}}}]}}""");

    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
