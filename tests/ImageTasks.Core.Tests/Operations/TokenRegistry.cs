using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>A token server and the registry that trusts it, started together and stopped together, seeded without tokens being recorded.</summary>
internal sealed class TokenRegistry : IAsyncDisposable
{
    private TokenRegistry(TokenServer tokens, RegistryProcess registry)
    {
        Tokens = tokens;
        Registry = registry;
    }

    public TokenServer Tokens { get; }

    public RegistryProcess Registry { get; }

    public static async Task<TokenRegistry> StartAsync(TokenServerOptions options)
    {
        var tokens = TokenServer.Start(options);
        try
        {
            return new TokenRegistry(tokens, await RegistryProcess.StartAsync(new RegistryProcessOptions { TokenAuth = tokens.RegistryAuth }));
        }
        catch
        {
            await tokens.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pushes a fresh image with <paramref name="layers"/> layers as REPOSITORY:TAG.</summary>
    public async Task<SyntheticImage> PushAsync(ImageFactory factory, string repository, string tag, int layers = 1)
    {
        var image = await factory.CreateImageAsync(new SyntheticImageOptions { Name = repository, NewLayers = layers });
        using var seeder = Tokens.CreateSeeder(Registry.BaseUri);
        await seeder.PushImageAsync(repository, image, tag);
        return image;
    }

    public async ValueTask DisposeAsync()
    {
        await Registry.DisposeAsync();
        await Tokens.DisposeAsync();
    }
}
