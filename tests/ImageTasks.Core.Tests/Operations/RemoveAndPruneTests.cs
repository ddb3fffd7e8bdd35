using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Prune;
using ImageTasks.Core.Operations.Remove;
using ImageTasks.Core.Operations.Tag;
using ImageTasks.Core.References;
using ImageTasks.Core.Store;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>rm, prune and tag over images pulled from the real registry: Docker's untag-before-delete rules and blob sweeping.</summary>
public sealed class RemoveAndPruneTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public RemoveAndPruneTests(StandardRegistryFixture fixture) => _fixture = fixture;

    private StandardSeed Seed => _fixture.Seed;

    private static IEnumerable<string> Lines(RemoveOutcome outcome) => outcome.Lines.Select(l => (l.Deleted ? "Deleted: " : "Untagged: ") + l.Subject);

    private static string ChainTop(SyntheticImage image) =>
        ImageDeletion.ChainIds(image.Layers.Select(l => l.DiffId).ToList())[^1].ToString();

    [Fact]
    public async Task Removing_one_of_two_tags_only_untags_and_the_last_tag_deletes_the_image_and_its_blobs()
    {
        using var store = new TempStore();
        await store.PullAsync(Seed.Reference(StandardSeed.SmallRepository, "1.0"));
        await store.PullAsync(Seed.Reference(StandardSeed.SmallRepository, "latest"));
        var remove = new RemoveOperation(store.Store);

        var first = Assert.Single(await remove.ExecuteAsync(new RemoveOptions([$"{Seed.Host}/library/small:1.0"]), default));
        Assert.Equal([$"Untagged: {Seed.Host}/library/small:1.0"], Lines(first));
        Assert.True(store.Store.HasBlob(Digest.Parse(Seed.Small.Digest)));

        var last = Assert.Single(await remove.ExecuteAsync(new RemoveOptions([$"{Seed.Host}/library/small"]), default));
        Assert.Equal(
            [
                $"Untagged: {Seed.Host}/library/small:latest",
                $"Untagged: {Seed.Host}/library/small@{Seed.Small.Digest}",
                $"Deleted: {Seed.Small.Image.Config.Digest}",
                $"Deleted: {ChainTop(Seed.Small.Image)}",
            ],
            Lines(last));
        Assert.Empty(store.Store.ListImages());
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Root, "blobs", "sha256")));
    }

    [Fact]
    public async Task An_id_named_by_several_tags_needs_force()
    {
        using var store = new TempStore();
        await store.PullAsync(Seed.Reference(StandardSeed.SmallRepository, "1.0"));
        await store.PullAsync(Seed.Reference(StandardSeed.SmallRepository, "latest"));
        var id = Digest.Parse(Seed.Small.Image.Config.Digest).ShortId;
        var remove = new RemoveOperation(store.Store);

        var refused = Assert.Single(await remove.ExecuteAsync(new RemoveOptions([id]), default));
        Assert.Equal($"conflict: unable to delete {id} (must be forced) - image is referenced in multiple repositories", refused.Error!.Message);
        Assert.Equal(2, store.Store.ListImages().Count);

        var forced = Assert.Single(await remove.ExecuteAsync(new RemoveOptions([id], Force: true), default));
        Assert.Null(forced.Error);
        Assert.Contains($"Deleted: {Seed.Small.Image.Config.Digest}", Lines(forced));
        Assert.Empty(store.Store.ListImages());
    }

    [Fact]
    public async Task Shared_layers_stay_while_another_image_needs_them()
    {
        using var store = new TempStore();
        await store.PullAsync(Seed.Reference(StandardSeed.SharedOneRepository, "1"));
        await store.PullAsync(Seed.Reference(StandardSeed.SharedTwoRepository, "1"));

        var outcome = Assert.Single(await new RemoveOperation(store.Store).ExecuteAsync(new RemoveOptions([$"{Seed.Host}/shared/one:1"]), default));

        var chain = ImageDeletion.ChainIds(Seed.SharedOne.Image.Layers.Select(l => l.DiffId).ToList());
        Assert.Contains($"Deleted: {chain[^1]}", Lines(outcome));
        Assert.DoesNotContain($"Deleted: {chain[0]}", Lines(outcome)); // the base layer shared/two still uses
        Assert.True(store.Store.HasBlob(Digest.Parse(Seed.SharedBaseLayer.Digest)));
        Assert.False(store.Store.HasBlob(Digest.Parse(Seed.SharedOne.Image.Layers[^1].Digest)));
        store.AssertEveryBlobMatchesItsDigest();
    }

    [Fact]
    public async Task A_missing_image_is_reported_and_the_others_are_still_removed()
    {
        using var store = new TempStore();
        await store.PullAsync(Seed.Reference(StandardSeed.OciRepository, "1"));

        var outcomes = await new RemoveOperation(store.Store).ExecuteAsync(new RemoveOptions(["nope:1", $"{Seed.Host}/oci/app:1"]), default);

        Assert.Equal("No such image: nope:1", outcomes[0].Error!.Message);
        Assert.Null(outcomes[1].Error);
        Assert.Empty(store.Store.ListImages());
    }

    [Fact]
    public async Task An_image_a_project_uses_needs_force_and_prune_all_keeps_it_until_the_lock_forgets_it()
    {
        using var store = new TempStore();
        var pulled = await store.PullAsync(Seed.Reference(StandardSeed.OciRepository, "1"));
        var project = Path.Combine(store.Root, "App.csproj");
        var lockFile = Path.Combine(store.Root, "images.lock.json");
        await File.WriteAllTextAsync(project, "<Project />");
        await File.WriteAllTextAsync(lockFile, $"{{\"digest\":\"{pulled.RepoDigest}\"}}");
        store.Store.SetProjectRoot(new ProjectRoot
        {
            ProjectPath = project,
            LockFilePath = lockFile,
            Images = [new RootedImage(pulled.ImageId.ToString(), [pulled.RepoDigest.ToString(), pulled.Manifest.ToString()])],
        });

        var name = $"{Seed.Host}/oci/app:1";
        var refused = Assert.Single(await new RemoveOperation(store.Store).ExecuteAsync(new RemoveOptions([name]), default));
        Assert.Equal($"conflict: unable to remove repository reference \"{name}\" (must force) - image is used by project {project}", refused.Error!.Message);
        var pruned = await new PruneOperation(store.Store).ExecuteAsync(new PruneOptions { All = true }, default);
        Assert.Empty(pruned.Lines);
        Assert.Single(store.Store.ListImages());

        await File.WriteAllTextAsync(lockFile, "{}"); // the lock no longer names the image: the root no longer counts
        pruned = await new PruneOperation(store.Store).ExecuteAsync(new PruneOptions { All = true }, default);
        Assert.Contains(pruned.Lines, l => l.Deleted && l.Subject == pulled.ImageId.ToString());
        Assert.Empty(store.Store.ListImages());
    }

    [Fact]
    public async Task A_project_root_recorded_again_unchanged_is_not_rewritten_and_a_changed_one_is()
    {
        using var store = new TempStore();
        var pulled = await store.PullAsync(Seed.Reference(StandardSeed.OciRepository, "1"));
        var project = Path.Combine(store.Root, "App.csproj");
        ProjectRoot Root(params string[] digests) => new() { ProjectPath = project, Images = [new RootedImage(pulled.ImageId.ToString(), [.. digests])] };
        store.Store.SetProjectRoot(Root(pulled.Manifest.ToString()));
        var file = Assert.Single(Directory.GetFiles(store.Store.RootsFolder));
        var past = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, past);

        store.Store.SetProjectRoot(Root(pulled.Manifest.ToString())); // a no-op build records the same again

        Assert.Equal(past, File.GetLastWriteTimeUtc(file));
        store.Store.SetProjectRoot(Root(pulled.RepoDigest.ToString(), pulled.Manifest.ToString()));
        Assert.NotEqual(past, File.GetLastWriteTimeUtc(file));
        Assert.Contains(pulled.RepoDigest.ToString(), await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_removes_dangling_images_only_and_a_dry_run_removes_nothing()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using var seeder = registry.CreateSeeder();
        using var factory = new ImageFactory();
        var old = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "old", FileSize = 10_000 });
        var current = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "new" });
        await seeder.PushImageAsync("golftrack", old, "1.5");
        using var store = new TempStore();
        await store.PullAsync($"{registry.Host}/golftrack:1.5");
        await seeder.PushImageAsync("golftrack", current, "1.5");
        await store.PullAsync($"{registry.Host}/golftrack:1.5");
        var prune = new PruneOperation(store.Store);

        var dry = await prune.ExecuteAsync(new PruneOptions { DryRun = true }, default);
        Assert.Equal(2, store.Store.ListImages().Count);

        var result = await prune.ExecuteAsync(new PruneOptions(), default);

        Assert.Equal(dry.Lines, result.Lines);
        Assert.Equal(
            [$"untagged: {registry.Host}/golftrack@{old.Digest}", $"deleted: {old.Config.Digest}", $"deleted: {ChainTop(old)}"],
            result.Lines.Select(l => (l.Deleted ? "deleted: " : "untagged: ") + l.Subject));
        Assert.Equal(old.Layers.Sum(l => l.ContentSize), result.ReclaimedBytes);
        Assert.Equal(current.Digest, Assert.Single(store.Store.ListImages()).Manifest.ToString());
        store.AssertEveryBlobMatchesItsDigest();
    }

    [Fact]
    public async Task Prune_filters_by_label_and_age()
    {
        using var store = new TempStore();
        await store.PullAsync(Seed.Reference(StandardSeed.SharedOneRepository, "1"));
        await store.PullAsync(Seed.Reference(StandardSeed.OciRepository, "1"));
        var prune = new PruneOperation(store.Store);
        var now = DateTimeOffset.UtcNow;

        var recent = await prune.ExecuteAsync(PruneOptions.WithFilters(new PruneOptions { All = true, DryRun = true }, ["until=87600h"], now), default);
        Assert.Empty(recent.Lines); // created in 2024: not older than ten years

        var labelled = await prune.ExecuteAsync(PruneOptions.WithFilters(new PruneOptions { All = true }, ["label=org.imagetasks.fixture.name=" + Seed.Oci.Image.Name], now), default);
        Assert.Contains(labelled.Lines, l => l.Subject == Seed.Oci.Image.Config.Digest);
        Assert.Equal($"{Seed.Host}/shared/one:1", Assert.Single(store.Store.ListImages()).Reference!.ToString());

        var error = Assert.Throws<UsageException>(() => PruneOptions.WithFilters(new PruneOptions(), ["bogus=1"], now));
        Assert.Equal("invalid filter 'bogus'", error.Message);
    }

    [Fact]
    public async Task Tag_adds_a_name_that_rm_can_take_away_again()
    {
        using var store = new TempStore();
        await store.PullAsync(Seed.Reference(StandardSeed.OciRepository, "1"));

        await new TagOperation(store.Store).ExecuteAsync($"{Seed.Host}/oci/app:1", "myapp:v2", default);

        var tagged = Assert.Single(store.Store.ListImages(), r => r.Reference?.ToString() == "docker.io/library/myapp:v2");
        Assert.Equal(Seed.Oci.Image.Config.Digest, tagged.Config.ToString());
        var removed = Assert.Single(await new RemoveOperation(store.Store).ExecuteAsync(new RemoveOptions(["myapp:v2"]), default));
        Assert.Equal(["Untagged: myapp:v2"], Lines(removed));
        Assert.Single(store.Store.ListImages());
    }
}
