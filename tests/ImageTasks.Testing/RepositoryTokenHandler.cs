using System.Net.Http.Headers;

namespace ImageTasks.Testing;

/// <summary>
/// Gives each seeder request to a token-auth registry a Bearer token for the repository in its path, straight from the
/// token source: the fixture's pushes never depend on the product's challenge handling, nor show up in the token
/// server's request log that tests assert on.
/// </summary>
internal sealed class RepositoryTokenHandler(Func<string, string> pushTokenFor, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private static readonly string[] Markers = ["/blobs/", "/manifests/", "/tags/"];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RepositoryOf(request.RequestUri!.AbsolutePath) is { } repository)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", pushTokenFor(repository));
        }

        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>"private/app" from /v2/private/app/blobs/uploads/ID, /v2/private/app/manifests/1 and the like.</summary>
    private static string? RepositoryOf(string path)
    {
        if (!path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            return null;
        }

        var end = Markers.Select(m => path.IndexOf(m, 4, StringComparison.Ordinal)).Where(i => i > 4).DefaultIfEmpty(-1).Min();
        return end < 0 ? null : path[4..end];
    }
}
