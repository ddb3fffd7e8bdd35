using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ImageTasks.Core.Operations.Load;
using ImageTasks.Core.Operations.Save;
using ImageTasks.Core.References;
using ImageTasks.Core.Tests.Operations;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Archives;

/// <summary>
/// A layer digested with sha512 (the distribution registry accepts such uploads): pulled from the real registry, saved
/// under <c>blobs/sha512/</c>, hashed with sha512 on the way out and in, and loaded into an empty store with the image's
/// manifest digest unchanged.
/// </summary>
public sealed class Sha512ArchiveTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public Sha512ArchiveTests(StandardRegistryFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_sha512_layer_is_pulled_saved_under_its_algorithm_and_loaded_back_verified()
    {
        var tar = Tar("app/data.bin", RandomNumberGenerator.GetBytes(4000));
        var layer = Gzip(tar);
        var layerDigest = "sha512:" + Convert.ToHexStringLower(SHA512.HashData(layer));
        var config = TestArchive.Config([TestArchive.Sha256(tar)]);
        var manifest = Encoding.UTF8.GetBytes(
            $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{TestArchive.Sha256(config)}}}","size":{{{config.Length}}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{layerDigest}}}","size":{{{layer.Length}}}}]}""");
        using (var seeder = _fixture.Registry.CreateSeeder())
        {
            Assert.True(await seeder.PushBlobAsync("sha512/app", layerDigest, () => new MemoryStream(layer)));
            await seeder.PushBlobAsync("sha512/app", TestArchive.Sha256(config), () => new MemoryStream(config));
            await seeder.PushManifestAsync("sha512/app", "1", manifest, "application/vnd.oci.image.manifest.v1+json");
        }

        using var pulled = new TempStore();
        var reference = $"{_fixture.Registry.Host}/sha512/app:1";
        await pulled.PullAsync(reference);
        using var saved = new MemoryStream();
        await new SaveOperation(pulled.Store).ExecuteAsync(new SaveOptions([reference]), saved, CancellationToken.None);

        var names = Names(saved.ToArray());
        var blobIndex = names.IndexOf($"blobs/sha512/{layerDigest[7..]}");
        Assert.InRange(names.IndexOf("blobs/sha512/"), 0, blobIndex - 1); // its folder comes first, as in docker's archives

        using var loaded = new TempStore();
        await new LoadOperation(loaded.Store).ExecuteAsync(new MemoryStream(saved.ToArray()), CancellationToken.None);
        var record = Assert.Single(loaded.Store.ListImages());
        Assert.Equal(TestArchive.Sha256(manifest), record.Manifest.ToString());
        Assert.Equal(layer, await File.ReadAllBytesAsync(loaded.Store.BlobPath(Digest.Parse(layerDigest))));
        Assert.Null(loaded.Store.MissingBlob(record));
    }

    [Fact]
    public async Task A_sha512_blob_whose_bytes_are_not_its_name_is_refused_on_load()
    {
        var tar = Tar("a.txt", "a"u8.ToArray());
        var archive = new TestArchive();
        archive.OciImage("example.com/x:1", 0, tar);
        var wrong = "not the named bytes"u8.ToArray();
        archive.Folder("blobs/sha512/").File($"blobs/sha512/{Convert.ToHexStringLower(SHA512.HashData(tar))}", wrong);

        using var store = new TempStore();
        var error = await Assert.ThrowsAsync<ImageTasks.Core.Archives.ArchiveException>(
            () => new LoadOperation(store.Store).ExecuteAsync(new MemoryStream(archive.ToBytes()), CancellationToken.None));

        Assert.Contains($"has content with digest sha512:{Convert.ToHexStringLower(SHA512.HashData(wrong))}", error.Message, StringComparison.Ordinal);
        Assert.Empty(store.Store.ListImages());
    }

    private static List<string> Names(byte[] archive)
    {
        using var reader = new TarReader(new MemoryStream(archive));
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    private static byte[] Tar(string name, byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        }

        return buffer.ToArray();
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(bytes);
        }

        return compressed.ToArray();
    }
}
