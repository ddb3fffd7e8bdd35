using System.Text;
using System.Text.Json.Nodes;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>A temporary DOCKER_CONFIG folder holding a config.json, as docker login or a credential-helper setup writes it.</summary>
internal sealed class DockerConfig : IDisposable
{
    private DockerConfig(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>One <c>auths</c> entry with base64 <c>user:password</c>, as docker login writes it without a helper.</summary>
    public static DockerConfig WithAuth(string registry, string user, string password)
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        return WithJson(new JsonObject { ["auths"] = new JsonObject { [registry] = new JsonObject { ["auth"] = auth } } });
    }

    /// <summary>A <c>credHelpers</c> entry: credentials for <paramref name="registry"/> come from <c>docker-credential-HELPER get</c>.</summary>
    public static DockerConfig WithCredentialHelper(string registry, string helper) =>
        WithJson(new JsonObject { ["credHelpers"] = new JsonObject { [registry] = helper } });

    public static DockerConfig WithJson(JsonObject config)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("docker-config-").FullName;
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJsonString());
        return new DockerConfig(directory);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
