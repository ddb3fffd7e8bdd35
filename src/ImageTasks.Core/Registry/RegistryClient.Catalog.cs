using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ImageTasks.Core.Registry;

/// <summary>The catalog: every repository a registry holds, page by page.</summary>
public sealed partial class RegistryClient
{
    /// <summary>Distribution's default and maximum page size for <c>/v2/_catalog</c>.</summary>
    public const int DefaultCatalogPageSize = 100;

    /// <summary>
    /// The repository paths of <paramref name="registry"/> (<c>library/small</c>), in the registry's (lexical) order,
    /// following <c>Link</c> headers page by page. Lazy, so a caller that has enough stops asking.
    /// </summary>
    public async IAsyncEnumerable<string> ListRepositoriesAsync(string registry, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        string? next = string.Create(CultureInfo.InvariantCulture, $"v2/_catalog?n={pageSize}");
        while (next is not null)
        {
            List<string> repositories;
            using (var request = NewRequest(HttpMethod.Get, registry, next))
            using (var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw await ErrorAsync(response, $"catalog of {registry}: {(int)response.StatusCode} {response.ReasonPhrase}", cancellationToken).ConfigureAwait(false);
                }

                var body = await ResponseBody.ReadAsync(response, ResponseBody.MaxPage, $"catalog page of {registry}", cancellationToken).ConfigureAwait(false);
                CatalogPage? page;
                try
                {
                    page = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.CatalogPage);
                }
                catch (JsonException e)
                {
                    throw new RegistryException($"catalog of {registry} is not valid JSON: {e.Message}", response.StatusCode, innerException: e);
                }

                repositories = page?.Repositories ?? [];
                next = NextLink(response);
            }

            foreach (var repository in repositories)
            {
                yield return repository;
            }

            // Some registries keep sending a next link with an empty page; an empty page is the end either way.
            if (repositories.Count == 0)
            {
                yield break;
            }
        }
    }
}
