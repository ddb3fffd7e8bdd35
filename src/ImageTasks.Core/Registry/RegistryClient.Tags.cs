using System.Text.Json;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Registry;

/// <summary>Tags of a repository, page by page.</summary>
public sealed partial class RegistryClient
{
    /// <summary>Every tag of a repository, following <c>Link</c> headers page by page.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(Repository repository, CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        string? next = $"v2/{repository.Path}/tags/list";
        while (next is not null)
        {
            using var request = NewRequest(HttpMethod.Get, repository.Domain, next);
            using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, $"tags of {repository.ToFamiliarString()}: {(int)response.StatusCode} {response.ReasonPhrase}", cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var page = await JsonSerializer.DeserializeAsync(body, RegistryJsonContext.Default.TagList, cancellationToken).ConfigureAwait(false);
            tags.AddRange(page?.Tags ?? []);
            next = NextLink(response);
        }

        return tags;
    }
}
