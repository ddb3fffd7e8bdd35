using ImageTasks.Core.Serving;
using ImageTasks.Core.Store;
using ImageTasks.Serving;
using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// A store holding the standard seed's small image (tags 1.0, latest, and <c>alpine:3.19</c>, a Docker Hub name), its
/// OCI image and its OCI index (pulled for linux/amd64), served by <see cref="RegistryServer"/> on a free loopback
/// port. The registry it was pulled from is stopped before serving starts: every answer comes from the store.
/// </summary>
public sealed class ServedStoreFixture : IAsyncLifetime
{
    private RegistryProcess? _registry;
    private StandardSeed? _seed;
    private RegistryServer? _server;

    public StandardSeed Seed => _seed ?? throw new InvalidOperationException("The fixture is not initialized.");

    public RegistryServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    internal CliRunner Cli { get; } = new();

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The served name of a seeded repository: the seed registry's host, then its path.</summary>
    public string Served(string repository) => $"{Seed.Host.Replace(':', '_')}/{repository}";

    public Uri Url(string pathAndQuery) => new($"http://{Server.Address}{pathAndQuery}");

    public async Task InitializeAsync()
    {
        _registry = await RegistryProcess.StartAsync();
        _seed = await StandardSeed.SeedAsync(_registry);
        foreach (var reference in new[]
        {
            Seed.Reference(StandardSeed.SmallRepository, "1.0"), Seed.Reference(StandardSeed.SmallRepository, "latest"),
            Seed.Reference(StandardSeed.OciRepository, "1"), Seed.Reference(StandardSeed.MultiOciRepository, "1"),
        })
        {
            var pull = await Cli.RunAsync("pull", "--platform", "linux/amd64", "-q", reference);
            if (pull.ExitCode != 0)
            {
                throw new InvalidOperationException($"pull {reference}: {pull.Error}");
            }
        }

        var tag = await Cli.RunAsync("tag", Seed.Reference(StandardSeed.SmallRepository, "1.0"), "alpine:3.19");
        if (tag.ExitCode != 0)
        {
            throw new InvalidOperationException($"tag: {tag.Error}");
        }

        await _registry.StopAsync();
        _server = await RegistryServer.StartAsync(new ImageStore(Cli.Store), ServeAddress.Parse("127.0.0.1:0"), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        _seed?.Dispose();
        Cli.Dispose();
    }
}
