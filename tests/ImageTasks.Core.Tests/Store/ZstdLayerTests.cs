using System.Formats.Tar;
using System.Security.Cryptography;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;
using ImageTasks.Core.Store.Ingest;

namespace ImageTasks.Core.Tests.Store;

/// <summary>
/// The zstd branch of the layer pipeline on its own: the diff_id is the hash of what the frames inflate to (not the one
/// declared), the size is docker's, and bytes that are not zstd are one clear error. The registry round trip is in
/// ImageTasks.Cli.Tests (LayerContentTests).
/// </summary>
public sealed class ZstdLayerTests
{
    private static readonly Digest Declared = Digest.FromHex("sha256", new string('0', 64));

    [Fact]
    public async Task A_zstd_layer_yields_the_digest_and_size_of_its_tar_whatever_diff_id_is_declared()
    {
        var tar = await TarAsync(5000);
        byte[] blob;
        using (var compressor = new ZstdSharp.Compressor())
        {
            blob = compressor.Wrap(tar).ToArray();
        }

        var (diffId, size) = await LayerVerifier.ReadAsync(new MemoryStream(blob), LayerCompression.Zstd, Declared, CancellationToken.None);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar)), diffId.ToString());
        Assert.Equal(5000, size);
    }

    [Fact]
    public async Task Bytes_that_are_not_zstd_are_a_store_error_naming_zstd()
    {
        var blob = await TarAsync(100);

        var error = await Assert.ThrowsAsync<StoreException>(
            () => LayerVerifier.ReadAsync(new MemoryStream(blob), LayerCompression.Zstd, Declared, CancellationToken.None));

        Assert.StartsWith("layer is not valid zstd data", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> TarAsync(int fileSize)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "file.bin") { DataStream = new MemoryStream(new byte[fileSize]) });
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "file.bin" });
        }

        return buffer.ToArray();
    }
}
