using ImageTasks.Core.Operations.Check;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Operations;

/// <summary><c>check [--repair]</c> over images pulled from the real registry, then damaged the ways a crash or a disk would.</summary>
public sealed class CheckOperationTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public CheckOperationTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private StandardSeed Seed => _fixture.Seed;

    private static Task<CheckResult> CheckAsync(ImageStore store, bool repair = false) =>
        new CheckOperation(store).ExecuteAsync(new CheckOptions { Repair = repair }, default);

    [Fact]
    public async Task A_store_pulls_left_whole_is_clean()
    {
        using var temp = new TempStore();
        await temp.PullAsync(Seed.Reference(StandardSeed.SmallRepository, "1.0"));
        await temp.PullAsync(Seed.MultiOci.Reference(Seed.Host), "linux/arm64/v8");
        await temp.PullAsync(Seed.Reference(StandardSeed.SharedOneRepository, "1"));

        var result = await CheckAsync(temp.Store);

        Assert.Empty(result.Findings);
        Assert.True(result.Clean);
        Assert.Equal(3, result.Images);
        Assert.Equal(Directory.GetFiles(Path.Combine(temp.Root, "blobs", "sha256")).Length, result.Blobs);
    }

    [Fact]
    public async Task Check_finds_each_kind_of_damage_and_repair_leaves_the_store_clean()
    {
        using var temp = new TempStore();
        await temp.PullAsync(Seed.Reference(StandardSeed.SmallRepository, "1.0"));
        await temp.PullAsync(Seed.Reference(StandardSeed.SharedOneRepository, "1"));
        var small = temp.Store.ListImages().Single(r => r.Repository.Path == StandardSeed.SmallRepository);
        var smallLayer = Digest.Parse(Assert.Single(Seed.Small.Image.Layers).Digest);
        File.WriteAllBytes(temp.Store.BlobPath(smallLayer), [1, 2, 3]); // bit rot
        var sharedTop = Digest.Parse(Seed.SharedOne.Image.Layers[^1].Digest);
        var facts = temp.Store.GetLayerInfo(sharedTop)!;
        temp.Store.PutLayerInfo(sharedTop, facts with { ContentSize = facts.ContentSize + 1 });
        var orphan = "{\"left\":\"by a killed pull\"}"u8.ToArray();
        await temp.Store.PutBlobAsync(orphan, Digest.Compute(orphan), default);
        File.WriteAllText(Path.Combine(temp.Root, "imagetasks", "owners", "00000000deadbeef"), "999999");
        File.WriteAllBytes(Path.Combine(temp.Root, "imagetasks", "tmp", "00000000deadbeef.0123456789ab-00"), new byte[300]);
        temp.Store.SetProjectRoot(new ProjectRoot
        {
            ProjectPath = Path.Combine(temp.Root, "gone", "app.csproj"),
            Images = [new RootedImage(small.Config.ToString(), [small.Manifest.ToString()])],
        });

        var found = await CheckAsync(temp.Store);

        Assert.False(found.Clean);
        Assert.All(found.Findings, f => Assert.False(f.Repaired));
        Assert.Contains(found.Findings, f => f.Problem == CheckProblem.CorruptBlob && f.Subject == smallLayer.ToString() && f.Bytes == 3);
        Assert.Contains(found.Findings, f => f.Problem == CheckProblem.DeadEntry && f.Subject == $"{Seed.Host}/library/small:1.0" && f.Detail == $"blob {smallLayer} is corrupt");
        Assert.Contains(found.Findings, f => f.Problem == CheckProblem.LayerFacts && f.Subject == sharedTop.ToString());
        Assert.Contains(found.Findings, f => f.Problem == CheckProblem.OrphanBlob && f.Subject == Digest.Compute(orphan).ToString() && f.Bytes == orphan.Length);
        Assert.Contains(found.Findings, f => f.Problem == CheckProblem.TempFile && f.Subject == "imagetasks/tmp/00000000deadbeef.0123456789ab-00" && f.Bytes == 300
            && f.Detail == "left by process 999999, which is no longer running");
        Assert.Contains(found.Findings, f => f.Problem == CheckProblem.DeadRoot && f.Detail.StartsWith("its project ", StringComparison.Ordinal));

        var repaired = await CheckAsync(temp.Store, repair: true);

        Assert.True(repaired.Clean, string.Join("\n", repaired.Findings.Where(f => !f.Repaired)));
        Assert.Contains(repaired.Findings, f => f.Problem == CheckProblem.DeadEntry && f.Repair == "removed the entry; pull the image again");
        Assert.Equal(facts, temp.Store.GetLayerInfo(sharedTop));
        var after = await CheckAsync(temp.Store);
        Assert.Empty(after.Findings);
        Assert.Equal(Seed.SharedOne.Repository, Assert.Single(temp.Store.ListImages()).Repository.Path);

        // What repair removed comes back with the next pull, verified.
        await temp.PullAsync(Seed.Reference(StandardSeed.SmallRepository, "1.0"));
        Assert.Empty((await CheckAsync(temp.Store)).Findings);
    }
}
