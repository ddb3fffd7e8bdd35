using Xunit;

namespace ImageTasks.Testing;

/// <summary>
/// xunit class fixture: one registry per test class, seeded with <see cref="StandardSeed"/>.
/// Use as <c>IClassFixture&lt;StandardRegistryFixture&gt;</c>. Tests must not delete or
/// overwrite the seeded tags (push to other repositories instead), since the class shares them.
/// </summary>
public sealed class StandardRegistryFixture : IAsyncLifetime
{
    private RegistryProcess? _registry;
    private StandardSeed? _seed;

    public RegistryProcess Registry => _registry ?? throw new InvalidOperationException("The fixture is not initialized.");

    public StandardSeed Seed => _seed ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        _registry = await RegistryProcess.StartAsync();
        _seed = await StandardSeed.SeedAsync(_registry);
    }

    public async Task DisposeAsync()
    {
        _seed?.Dispose();
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }
}
