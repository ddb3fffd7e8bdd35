using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Tests.Registry;

/// <summary>Credentials read from a config.json that someone edited by hand.</summary>
public sealed class DockerConfigCredentialsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("imagetasks-docker-").FullName;

    [Fact]
    public async Task An_auth_that_is_not_base64_is_one_line_naming_the_file_and_the_server_but_not_the_value()
    {
        var path = Path.Combine(_folder, "config.json");
        await File.WriteAllTextAsync(path, """{"auths":{"registry.example.com":{"auth":"not*base64!secret"}}}""");

        var error = await Assert.ThrowsAsync<RegistryException>(() => new DockerConfigCredentials(_folder).GetAsync("registry.example.com", CancellationToken.None));

        Assert.Equal(
            $"cannot read credentials: the \"auth\" of \"registry.example.com\" in {path} is not base64 of user:password; run docker login registry.example.com again or fix the entry",
            error.Message);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
