using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;
using ImageTasks.Core.Tests.Operations;

namespace ImageTasks.Core.Tests.Store;

/// <summary>
/// Bytes already spooled into the store's temp folder (an archive's files, a mirror's checked blob) are taken by rename,
/// not written a second time, and get exactly the checks a streamed blob gets: digest, size, and a layer's diff_id.
/// The rename shows in the stored blob keeping the spool file's modification time (a copy would get a new one).
/// </summary>
public sealed class SpooledBlobTests : IDisposable
{
    private static readonly DateTime Marked = new(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);

    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    private string TempFolder => _store.Store.TempFolder;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_spooled_layer_is_verified_and_renamed_into_place(bool gzip)
    {
        var tar = Tar(3000);
        var bytes = gzip ? Gzip(tar) : tar;
        var layer = Layer(bytes, gzip);
        var spooled = await SpoolAsync(bytes, "sha256");

        await using (var content = spooled.Open(ownsFile: true))
        {
            var info = await _store.Store.IngestLayerAsync(layer, Sha256(tar), content, null, null, CancellationToken.None);
            Assert.Equal(Sha256(tar), info.DiffId);
            Assert.Equal(3000, info.ContentSize);
        }

        Assert.Equal(Marked, File.GetLastWriteTimeUtc(_store.Store.BlobPath(layer.Digest)));
        Assert.Empty(Directory.GetFiles(TempFolder));
        Assert.Equal(layer.Digest, Sha256(await File.ReadAllBytesAsync(_store.Store.BlobPath(layer.Digest))));
    }

    [Fact]
    public async Task A_spooled_layer_whose_content_is_not_its_diff_id_is_refused_and_nothing_is_left()
    {
        var bytes = Gzip(Tar(3000));
        var layer = Layer(bytes, gzip: true);
        var spooled = await SpoolAsync(bytes, "sha256");

        await using (var content = spooled.Open(ownsFile: true))
        {
            var error = await Assert.ThrowsAsync<StoreException>(
                () => _store.Store.IngestLayerAsync(layer, Sha256(Tar(10)), content, null, null, CancellationToken.None));
            Assert.Contains("rootfs.diff_ids says", error.Message, StringComparison.Ordinal);
        }

        Assert.False(_store.Store.HasBlob(layer.Digest));
        Assert.Empty(Directory.GetFiles(TempFolder));
    }

    [Fact]
    public async Task A_spool_whose_bytes_are_not_the_descriptors_is_refused_with_the_stores_own_words()
    {
        var bytes = Gzip(Tar(3000));
        var other = Layer(Gzip(Tar(10)), gzip: true) with { Size = bytes.Length };
        var spooled = await SpoolAsync(bytes, "sha256");

        await using (var content = spooled.Open(ownsFile: true))
        {
            var error = await Assert.ThrowsAsync<StoreException>(
                () => _store.Store.IngestBlobAsync(other, content, CancellationToken.None));
            Assert.Equal(DiagnosticCodes.ContentMismatch, error.Code);
            Assert.Equal($"blob {other.Digest} failed verification: its content has digest {Sha256(bytes)}", error.Message);
        }

        Assert.False(_store.Store.HasBlob(other.Digest));
        Assert.Empty(Directory.GetFiles(TempFolder));
    }

    [Fact]
    public async Task A_staged_spool_that_is_never_published_is_deleted_with_its_staging()
    {
        var tar = Tar(3000);
        var bytes = Gzip(tar);
        var layer = Layer(bytes, gzip: true);
        var spooled = await SpoolAsync(bytes, "sha256");

        using (var staging = _store.Store.BeginStaging())
        {
            await using var content = spooled.Open(ownsFile: false);
            await _store.Store.StageLayerAsync(staging, layer, Sha256(tar), content, null, null, CancellationToken.None);
            Assert.True(File.Exists(spooled.Path)); // adopted, not yet named
        }

        Assert.False(_store.Store.HasBlob(layer.Digest));
        Assert.False(File.Exists(spooled.Path));
    }

    [Fact]
    public async Task A_sha512_digested_layer_is_hashed_with_sha512_whether_streamed_or_spooled()
    {
        var tar = Tar(2000);
        var bytes = Gzip(tar);
        var layer = Layer(bytes, gzip: true) with { Digest = Digest.FromHex("sha512", Convert.ToHexStringLower(SHA512.HashData(bytes))) };
        var spooled = await SpoolAsync(bytes, "sha512");
        Assert.Equal(layer.Digest, spooled.Digest);

        await using (var content = spooled.Open(ownsFile: true))
        {
            await _store.Store.IngestLayerAsync(layer, Sha256(tar), content, null, null, CancellationToken.None);
        }

        using var other = new TempStore();
        await other.Store.IngestLayerAsync(layer, Sha256(tar), new MemoryStream(bytes), null, null, CancellationToken.None);
        foreach (var store in new[] { _store.Store, other.Store })
        {
            Assert.Equal(bytes, await File.ReadAllBytesAsync(store.BlobPath(layer.Digest)));
            Assert.EndsWith(Path.Combine("blobs", "sha512", layer.Digest.Hex), store.BlobPath(layer.Digest), StringComparison.Ordinal);
        }
    }

    private async Task<SpooledBlob> SpoolAsync(byte[] bytes, string algorithm)
    {
        var spooled = await SpooledBlob.WriteAsync(new MemoryStream(bytes), _store.Store.NewTempPath("test"), algorithm, long.MaxValue, null, CancellationToken.None);
        File.SetLastWriteTimeUtc(spooled.Path, Marked);
        return spooled;
    }

    private static Descriptor Layer(byte[] bytes, bool gzip) => new()
    {
        MediaType = gzip ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar",
        Digest = Sha256(bytes),
        Size = bytes.Length,
    };

    private static Digest Sha256(byte[] bytes) => Digest.Compute(bytes);

    private static byte[] Tar(int fileSize)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "file.bin") { DataStream = new MemoryStream(RandomNumberGenerator.GetBytes(fileSize)) });
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
