using ImageTasks.Core.Operations.Pull;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;
using ImageTasks.Core.Tests.Operations;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Store;

/// <summary>
/// Several pulls of one image into one store at once, each with its own store object and registry client (as the
/// nodes of <c>dotnet build -m</c> are separate processes): every blob is fetched once, the others wait and find it.
/// Requests are counted at a proxy in front of the real registry.
/// </summary>
public sealed class ParallelPullTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public ParallelPullTests(StandardRegistryFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Four_pulls_of_one_image_at_once_fetch_each_blob_once_and_the_others_wait_for_it()
    {
        await using var proxy = FaultProxy.Start(_fixture.Registry.BaseUri);
        // Each blob takes a while to arrive, so the four pulls overlap while the first one fetches.
        proxy.Delay(FaultProxy.When("GET", "/blobs/"), TimeSpan.FromMilliseconds(400), times: null);
        using var temp = new TempStore();
        var image = _fixture.Seed.SharedOne;
        var reference = ImageTasks.Core.References.ImageReference.Parse(image.Reference(proxy.Host));
        var pulls = Enumerable.Range(0, 4).Select(_ => new Puller(temp.Root)).ToList();
        try
        {
            var results = await Task.WhenAll(pulls.Select(p => Task.Run(() => p.PullAsync(reference))));

            var blobs = new[] { image.Image.Config.Digest }.Concat(image.Image.Layers.Select(l => l.Digest)).ToList();
            Assert.All(blobs, blob => Assert.Equal(1, proxy.Count("GET", "/blobs/" + blob)));
            Assert.Equal(image.Image.Layers.Count, results.Sum(r => r.LayersDownloaded)); // each layer counted by the pull that fetched it
            Assert.All(results, r => Assert.Equal(image.Digest, r.Manifest.ToString()));
            var waited = pulls.SelectMany(p => p.Events).OfType<LayerWaiting>().ToList();
            Assert.NotEmpty(waited); // the claim was contended: some pull saw another fetching a layer
            Assert.All(waited, w => Assert.Contains(pulls.SelectMany(p => p.Events).OfType<LayerExists>(), e => e.Layer == w.Layer));
            temp.AssertEveryBlobMatchesItsDigest();
            Assert.Empty(Directory.GetFiles(Path.Combine(temp.Root, "imagetasks", "claims"))); // claims are released and removed
        }
        finally
        {
            pulls.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task A_claim_whose_holder_process_dies_is_taken_by_the_next_one()
    {
        using var temp = new TempStore();
        var digest = ImageTasks.Core.References.Digest.Parse(_fixture.Seed.SharedOne.Image.Layers[0].Digest);
        var claimFile = Path.Combine(temp.Root, "imagetasks", "claims", $"sha256-{digest.Hex}");
        Directory.CreateDirectory(Path.GetDirectoryName(claimFile)!);
        // Another process holds the claim: util-linux flock(1) takes the same flock(2) lock .NET takes for FileShare.None,
        // and runs its command only once it holds it, so the marker file says the lock is taken.
        var held = Path.Combine(temp.Root, "held");
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", [claimFile, "sh", "-c", $"touch '{held}'; exec sleep 60"]) { UseShellExecute = false })!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(held) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(File.Exists(held), "flock(1) never took the claim file");
        var waiting = new TaskCompletionSource();
        var claim = new ImageStore(temp.Root).ClaimBlobAsync(digest, () => waiting.TrySetResult(), CancellationToken.None);
        await Task.WhenAny(waiting.Task, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.True(waiting.Task.IsCompleted, "the claim was never seen held by the other process");
        Assert.False(claim.IsCompleted);

        holder.Kill(entireProcessTree: true); // it dies holding the claim (flock and the command that inherited it): the OS drops the lock
        using var taken = await claim.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(claimFile, taken.Path);
    }

    /// <summary>One "process": its own store object and registry client on the shared store folder.</summary>
    private sealed class Puller : IDisposable, IProgress<PullEvent>
    {
        private readonly ImageStore _store;
        private readonly RegistryClient _registry = new(new RegistryOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(20) });

        public Puller(string root) => _store = new ImageStore(root);

        public List<PullEvent> Events { get; } = [];

        public async Task<PullResult> PullAsync(ImageTasks.Core.References.ImageReference reference) =>
            Assert.Single(await new PullOperation(_registry, _store).ExecuteAsync(new PullOptions(reference), this, CancellationToken.None));

        public void Report(PullEvent value)
        {
            lock (Events)
            {
                Events.Add(value);
            }
        }

        public void Dispose() => _registry.Dispose();
    }
}
