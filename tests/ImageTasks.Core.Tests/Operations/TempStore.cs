using System.Security.Cryptography;
using ImageTasks.Core.Operations.Pull;
using ImageTasks.Core.Registry;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>A private store folder and a registry client with short backoffs, removed when the test ends.</summary>
public sealed class TempStore : IDisposable
{
    /// <param name="mirrors">registry mirrors the client tries first (none by default)</param>
    public TempStore(string? dockerConfigDirectory = null, RegistryMirrors? mirrors = null)
    {
        Root = Directory.CreateTempSubdirectory("imagetasks-store-").FullName;
        Store = new ImageStore(Root);
        Registry = new RegistryClient(new RegistryOptions
        {
            DockerConfigDirectory = dockerConfigDirectory,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            Mirrors = mirrors ?? RegistryMirrors.None,
        });
    }

    public string Root { get; }

    public ImageStore Store { get; }

    public RegistryClient Registry { get; }

    public List<PullEvent> Events { get; } = [];

    public async Task<PullResult> PullAsync(string reference, string? platform = null)
    {
        var options = new PullOptions(ImageTasks.Core.References.ImageReference.Parse(reference), platform is null ? null : ImageTasks.Core.Platforms.Platform.Parse(platform));
        var results = await new PullOperation(Registry, Store).ExecuteAsync(options, new SyncProgress(Events), CancellationToken.None);
        return Assert.Single(results);
    }

    /// <summary>Every file under blobs/ hashes to its own name: nothing unverified is visible.</summary>
    public void AssertEveryBlobMatchesItsDigest()
    {
        var blobs = Directory.GetFiles(Path.Combine(Root, "blobs", "sha256"));
        Assert.NotEmpty(blobs);
        foreach (var blob in blobs)
        {
            using var stream = File.OpenRead(blob);
            Assert.Equal(Path.GetFileName(blob), Convert.ToHexStringLower(SHA256.HashData(stream)));
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(Root, "imagetasks", "tmp")));
    }

    public void Dispose()
    {
        Registry.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need events recorded in order, at once.</summary>
    private sealed class SyncProgress(List<PullEvent> events) : IProgress<PullEvent>
    {
        public void Report(PullEvent value)
        {
            lock (events)
            {
                events.Add(value);
            }
        }
    }
}
