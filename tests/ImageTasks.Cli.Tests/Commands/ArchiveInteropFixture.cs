using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>The seeded registry and one private Docker daemon, shared by the archive interop tests (the daemon takes seconds to start).</summary>
public sealed class ArchiveInteropFixture : IAsyncLifetime
{
    private readonly StandardRegistryFixture _registry = new();
    private DockerDaemon? _docker;

    public StandardSeed Seed => _registry.Seed;

    public DockerDaemon Docker => _docker ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        await _registry.InitializeAsync();
        _docker = await DockerDaemon.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_docker is not null)
        {
            await _docker.DisposeAsync();
        }

        await _registry.DisposeAsync();
    }
}
