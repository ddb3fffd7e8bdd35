using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>One real registry per test class with htpasswd Basic auth, holding one small image.</summary>
public sealed class AuthRegistryFixture : IAsyncLifetime
{
    public const string Username = "tester";

    /// <summary>Distinctive, so a test can search every output for it.</summary>
    public const string Password = "pw-7Hq2-zX9k";

    private RegistryProcess? _registry;
    private ImageFactory? _factory;

    public RegistryProcess Registry => _registry ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>"HOST/private/app:1", readable only when logged in.</summary>
    public string Image => $"{Registry.Host}/private/app:1";

    public async Task InitializeAsync()
    {
        _registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { Username = Username, Password = Password });
        _factory = new ImageFactory();
        using var seeder = _registry.CreateSeeder();
        await seeder.PushImageAsync("private/app", await _factory.CreateImageAsync(new SyntheticImageOptions { Name = "private" }), "1");
    }

    public async Task DisposeAsync()
    {
        _factory?.Dispose();
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }
}
