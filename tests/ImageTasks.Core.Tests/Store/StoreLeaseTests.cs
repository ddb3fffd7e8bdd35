using ImageTasks.Core.Operations.Prune;
using ImageTasks.Core.Operations.Remove;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;
using ImageTasks.Core.Tests.Operations;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Store;

/// <summary>
/// Issue 12 item 8: a pull racing rm -f / prune -a of an image that shares its blobs must win. The puller leases the
/// blobs before it looks for them; every sweep, in any process, keeps what a live lease names.
/// </summary>
public sealed class StoreLeaseTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public StoreLeaseTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private static List<Digest> BlobsOf(ImageStore store, ImageRecord record) => store.BlobsOf(record).Distinct().ToList();

    [Fact]
    public async Task Blobs_a_live_lease_holds_survive_rm_and_prune_in_another_store_and_go_once_it_is_released()
    {
        using var temp = new TempStore();
        await temp.PullAsync(_fixture.Seed.Reference(StandardSeed.SmallRepository, "1.0"));
        var record = Assert.Single(temp.Store.ListImages());
        var puller = new ImageStore(temp.Root); // another store object: its own owner mark, as another process has
        var blobs = BlobsOf(puller, record);

        using (await puller.LeaseAsync(blobs, default))
        {
            var removed = Assert.Single(await new RemoveOperation(temp.Store).ExecuteAsync(new RemoveOptions([record.Config.ToString()], Force: true), default));
            Assert.Null(removed.Error);
            await new PruneOperation(temp.Store).ExecuteAsync(new PruneOptions { All = true }, default);

            Assert.Empty(temp.Store.ListImages());
            Assert.All(blobs, b => Assert.True(temp.Store.HasBlob(b), $"{b} was deleted under a live lease"));
        }

        var pruned = await new PruneOperation(temp.Store).ExecuteAsync(new PruneOptions { All = true }, default);

        Assert.All(blobs, b => Assert.False(temp.Store.HasBlob(b), $"{b} outlived its lease"));
        Assert.Equal(blobs.Select(b => b.ToString()).Order(), pruned.Leftovers.Where(l => l.Kind == LeftoverKind.Orphan).Select(l => l.Subject).Order());
        Assert.True(pruned.ReclaimedBytes >= pruned.Leftovers.Sum(l => l.Bytes) && pruned.Leftovers.Sum(l => l.Bytes) > 0);
    }

    [Fact]
    public async Task A_lease_whose_process_died_protects_nothing()
    {
        using var temp = new TempStore();
        var bytes = "{\"orphan\":true}"u8.ToArray();
        var digest = Digest.Compute(bytes);
        await temp.Store.PutBlobAsync(bytes, digest, default);
        var leases = Path.Combine(temp.Root, "imagetasks", "leases");
        Directory.CreateDirectory(leases);
        // What a killed puller leaves: its owner mark (no process holds it any more) and its lease naming the blob.
        File.WriteAllText(Path.Combine(temp.Root, "imagetasks", "owners", "00000000deadbeef"), "999999");
        var lease = Path.Combine(leases, "00000000deadbeef.0123");
        File.WriteAllText(lease, digest + "\n");

        var pruned = await new PruneOperation(temp.Store).ExecuteAsync(new PruneOptions(), default);

        Assert.False(temp.Store.HasBlob(digest));
        Assert.False(File.Exists(lease));
        Assert.Contains(pruned.Leftovers, l => l.Kind == LeftoverKind.Orphan && l.Subject == digest.ToString() && l.Bytes == bytes.Length);
    }

    /// <summary>
    /// Two stores as two processes: one pulls the image again (PullOperation's steps: lease, look for the blobs, write
    /// back what is missing, record the entry, checking under the lock that nothing is missing), and in the middle of
    /// each pull, just after it found its blobs there, the other runs rm -f and prune -a. The pull must never lose a blob.
    /// </summary>
    [Fact]
    public async Task A_puller_that_leases_first_never_loses_a_blob_to_an_rm_or_prune_in_the_middle_of_its_pull()
    {
        const int Rounds = 10;
        using var temp = new TempStore();
        await temp.PullAsync(_fixture.Seed.Reference(StandardSeed.SmallRepository, "1.0"));
        var record = Assert.Single(temp.Store.ListImages());
        var contents = BlobsOf(temp.Store, record).ToDictionary(b => b, b => File.ReadAllBytes(temp.Store.BlobPath(b)));
        var puller = new ImageStore(temp.Root);
        var remover = new ImageStore(temp.Root);
        var missing = new List<Digest>();

        for (var i = 0; i < Rounds; i++)
        {
            using var lease = await puller.LeaseAsync(contents.Keys, default);
            foreach (var (digest, bytes) in contents.Where(c => !puller.HasBlob(c.Key)))
            {
                await puller.PutBlobAsync(bytes, digest, default);
            }

            await new RemoveOperation(remover).ExecuteAsync(new RemoveOptions([record.Config.ToString()], Force: true), default);
            await new PruneOperation(remover).ExecuteAsync(new PruneOptions { All = true }, default);

            await puller.UpdateIndexAsync(images =>
            {
                if (puller.MissingBlob(record) is { } gone)
                {
                    missing.Add(gone);
                }

                images.RemoveAll(r => r.Manifest == record.Manifest);
                images.Add(record);
                return 0;
            }, default);
        }

        Assert.Empty(missing);
        Assert.Null(temp.Store.MissingBlob(Assert.Single(temp.Store.ListImages())));
    }
}
