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
            using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, $"tags of {repository.ToFamiliarString()}: {(int)response.StatusCode} {response.ReasonPhrase}", cancellationToken).ConfigureAwait(false);
            }

            var what = $"tags of {repository.ToFamiliarString()}";
            var body = await ResponseBody.ReadAsync(response, ResponseBody.MaxPage, what, cancellationToken).ConfigureAwait(false);
            TagList? page;
            try
            {
                page = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.TagList);
            }
            catch (JsonException e)
            {
                throw new RegistryException($"{what}: the answer is not valid JSON: {e.Message}", response.StatusCode, innerException: e);
            }

            tags.AddRange(page?.Tags ?? []);
            next = NextLink(response);
        }

        return tags;
    }
}
