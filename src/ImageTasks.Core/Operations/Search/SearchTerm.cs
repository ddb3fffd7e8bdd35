using ImageTasks.Core.Diagnostics;
namespace ImageTasks.Core.Operations.Search;

/// <summary>
/// Where a search term is looked up, split as Docker splits it (registry's splitReposSearchTerm): a first component
/// with a '.' or ':', or "localhost", is a registry host; anything else is a Docker Hub term.
/// </summary>
/// <param name="Index">the registry host ("docker.io" for Docker Hub)</param>
/// <param name="Remote">what to look for there ("alpine", "bitnami/redis", "alp")</param>
public sealed record SearchTerm(string Index, string Remote)
{
    public const string DockerHub = "docker.io";

    public bool IsDockerHub => Index == DockerHub;

    public static SearchTerm Parse(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (term.StartsWith("http://", StringComparison.Ordinal) || term.StartsWith("https://", StringComparison.Ordinal))
        {
            throw UsageErrors.SearchTermScheme(term);
        }

        var slash = term.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? null : term[..slash];
        if (first is null || (!first.Contains('.', StringComparison.Ordinal) && !first.Contains(':', StringComparison.Ordinal) && first != "localhost"))
        {
            return new SearchTerm(DockerHub, term);
        }

        // index.docker.io is Docker Hub's legacy name; official images are searched without "library/", as docker does.
        var remote = term[(slash + 1)..];
        return first is DockerHub or "index.docker.io"
            ? new SearchTerm(DockerHub, remote.StartsWith("library/", StringComparison.Ordinal) ? remote["library/".Length..] : remote)
            : new SearchTerm(first, remote);
    }
}
