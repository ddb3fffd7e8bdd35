using ImageTasks.Core.Operations.Prune;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;
using ImageTasks.Core.Tests.Operations;

namespace ImageTasks.Core.Tests.Store;

/// <summary>Issue 12 item 6: what a killed process leaves is reclaimed as soon as no live process owns it.</summary>
public sealed class StoreLeftoverTests
{
    private static string Tmp(TempStore temp) => Path.Combine(temp.Root, "imagetasks", "tmp");

    [Fact]
    public async Task A_temp_file_of_a_process_that_died_goes_at_once_and_one_being_written_stays()
    {
        using var temp = new TempStore();
        var writer = new ImageStore(temp.Root); // a live writer, as another process would be
        var digest = Digest.Compute("content"u8);
        using var ingest = writer.BeginIngest(digest);
        await ingest.WriteAsync("cont"u8.ToArray());
        await ingest.FlushAsync();
        // A killed pull's leftovers: its owner mark (nobody holds its lock now) and a fresh half-written temp file.
        File.WriteAllText(Path.Combine(temp.Root, "imagetasks", "owners", "00000000deadbeef"), "999999");
        var dead = Path.Combine(Tmp(temp), "00000000deadbeef.abcdef012345-0123");
        File.WriteAllBytes(dead, new byte[4096]);
        var older = Path.Combine(Tmp(temp), "abcdef012345-0123456789abcdef"); // named by a version before owner marks
        File.WriteAllBytes(older, new byte[10]);

        temp.Store.CleanStaleTempFiles();

        Assert.False(File.Exists(dead));
        Assert.False(File.Exists(older));
        Assert.False(File.Exists(Path.Combine(temp.Root, "imagetasks", "owners", "00000000deadbeef")));
        var live = Assert.Single(Directory.GetFiles(Tmp(temp)));
        await ingest.WriteAsync("ent"u8.ToArray());
        await ingest.CommitAsync(7, default);
        Assert.True(writer.HasBlob(digest));
        Assert.False(File.Exists(live));
    }

    [Fact]
    public async Task Prune_reclaims_a_blob_no_image_names_and_counts_its_bytes()
    {
        using var temp = new TempStore();
        var bytes = new byte[5000];
        Random.Shared.NextBytes(bytes);
        var digest = Digest.Compute(bytes);
        await temp.Store.PutBlobAsync(bytes, digest, default); // committed, then the pull was killed before the index named it
        temp.Store.PutLayerInfo(digest, new LayerInfo(digest, 5000));

        var dryRun = await new PruneOperation(temp.Store).ExecuteAsync(new PruneOptions { All = true, DryRun = true }, default);
        Assert.True(temp.Store.HasBlob(digest));
        Assert.Equal(5000, Assert.Single(dryRun.Leftovers, l => l.Kind == LeftoverKind.Orphan).Bytes);

        var pruned = await new PruneOperation(temp.Store).ExecuteAsync(new PruneOptions { All = true }, default);

        Assert.False(temp.Store.HasBlob(digest));
        Assert.Null(temp.Store.GetLayerInfo(digest));
        var blob = Assert.Single(pruned.Leftovers, l => l.Kind == LeftoverKind.Orphan);
        Assert.Equal((digest.ToString(), 5000L), (blob.Subject, blob.Bytes));
        Assert.Equal(pruned.Leftovers.Sum(l => l.Bytes), pruned.ReclaimedBytes);
        Assert.True(pruned.ReclaimedBytes > 5000); // the blob and its layer facts
    }

    [Fact]
    public void A_failed_atomic_write_deletes_its_temp_file_and_says_which_file_it_could_not_write()
    {
        using var temp = new TempStore();
        var layer = Digest.Compute("layer"u8);
        temp.Store.PutLayerInfo(Digest.Compute("other"u8), new LayerInfo(layer, 1)); // lays the store out
        var target = Path.Combine(temp.Root, "imagetasks", "layers", $"sha256-{layer.Hex}");
        Directory.CreateDirectory(Path.Combine(target, "in-the-way")); // the rename over it fails, as a full disk would fail the write

        var e = Assert.ThrowsAny<ImageTasksException>(() => temp.Store.PutLayerInfo(layer, new LayerInfo(layer, 1)));

        Assert.StartsWith($"cannot write {target}: ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(": check the path, its permissions and the free disk space", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Tmp(temp)));
    }
}
