using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Reliability;

/// <summary>
/// A real registry holding one image large enough (3 layers of 2 MiB of random bytes) that a throttled pull is still
/// streaming when a test stops it, behind a fault proxy that throttles blob bodies.
/// </summary>
public sealed class LargeImageRegistry : IAsyncLifetime
{
    public const string Repository = "crash/big";

    /// <summary>Bytes a second each blob body is sent at while throttled: a full pull takes about a second.</summary>
    public const long ThrottledRate = 3 << 20;

    private ImageFactory? _factory;

    public RegistryProcess Registry { get; private set; } = null!;

    public FaultProxy Proxy { get; private set; } = null!;

    public SyntheticImage Image { get; private set; } = null!;

    public string Reference => $"{Proxy.Host}/{Repository}:1";

    public async Task InitializeAsync()
    {
        Registry = await RegistryProcess.StartAsync();
        _factory = new ImageFactory(seed: 12);
        Image = await _factory.CreateImageAsync(new SyntheticImageOptions { Name = "big", NewLayers = 3, FilesPerLayer = 2, FileSize = 1 << 20 });
        using var seeder = Registry.CreateSeeder();
        await seeder.PushImageAsync(Repository, Image, "1");
        Proxy = FaultProxy.Start(Registry.BaseUri);
    }

    /// <summary>Every blob body from now on arrives at <see cref="ThrottledRate"/>.</summary>
    public void Throttle()
    {
        Proxy.ClearFaults();
        Proxy.AddFault(FaultProxy.When("GET", "/blobs/"), ProxyFault.Throttle(ThrottledRate), times: null);
    }

    public async Task DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Registry.DisposeAsync();
        _factory?.Dispose();
    }
}
