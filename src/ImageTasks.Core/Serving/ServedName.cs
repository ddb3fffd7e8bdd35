using ImageTasks.Core.References;

namespace ImageTasks.Core.Serving;

/// <summary>
/// The name a store repository has when the store is served as a registry. Docker Hub's repositories keep their path
/// (<c>docker.io/library/alpine</c> is <c>library/alpine</c>), so <c>docker pull 127.0.0.1:5000/library/alpine:3.19</c>
/// works and the server can stand in as a Docker Hub mirror (mirrors serve Hub's paths). Any other registry's host
/// becomes the first path component, its port after an underscore (a colon cannot appear in a path, and a host name
/// cannot hold an underscore, so the mapping is one to one): <c>mcr.microsoft.com/dotnet/runtime</c> is served as
/// <c>mcr.microsoft.com/dotnet/runtime</c>, <c>127.0.0.1:5000/team/app</c> as <c>127.0.0.1_5000/team/app</c>.
/// </summary>
public static class ServedName
{
    private const string DockerHub = "docker.io";

    /// <summary>The served name, or null when the repository cannot have one (an IPv6 host, an upper-case host).</summary>
    public static string? For(Repository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var name = repository.Domain is DockerHub or ""
            ? repository.Path
            : string.Concat(repository.Domain.Replace(':', '_'), "/", repository.Path);
        return ImageReference.IsValidRepositoryPath(name) ? name : null;
    }
}
