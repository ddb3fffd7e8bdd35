using System.Globalization;
using System.Text.Json;

namespace ImageTasks.Core.Registry;

/// <summary>Docker Hub's search API (the legacy v1 index): not part of the distribution API, so not under /v2/.</summary>
public sealed partial class RegistryClient
{
    /// <summary>
    /// <c>GET {SearchEndpoint}?q=TERM&amp;n=LIMIT</c>, as docker's daemon sends it; the answer is
    /// <c>{"results":[{"name","description","star_count","is_official","is_automated"}]}</c>.
    /// </summary>
    public async Task<IReadOnlyList<SearchResult>> SearchDockerHubAsync(string term, int limit, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(_options.SearchEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new RegistryException($"the search endpoint must be an absolute http or https URL (IMAGETASKS_SEARCH_ENDPOINT): {_options.SearchEndpoint}");
        }

        var separator = string.IsNullOrEmpty(endpoint.Query) ? "?" : "&";
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"{endpoint}{separator}q={Uri.EscapeDataString(term)}&n={limit}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        // Docker Hub credentials are stored under docker.io's key; the index host is not a registry name users know.
        request.Options.Set(RegistryRequest.Registry, "docker.io");
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, $"search {DebugLogHandler.Redact(uri)}: unexpected status code {(int)response.StatusCode} {response.ReasonPhrase}", cancellationToken).ConfigureAwait(false);
        }

        SearchResponse? answer;
        try
        {
            var body = await ResponseBody.ReadAsync(response, ResponseBody.MaxPage, $"search {DebugLogHandler.Redact(uri)}", cancellationToken).ConfigureAwait(false);
            answer = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.SearchResponse);
        }
        catch (JsonException e)
        {
            throw new RegistryException($"search {DebugLogHandler.Redact(uri)}: the answer is not valid JSON: {e.Message}", response.StatusCode, innerException: e);
        }

        return (answer?.Results ?? [])
            .Select(r => new SearchResult(r.Name ?? "", r.Description ?? "", r.StarCount, r.IsOfficial, r.IsAutomated))
            .ToList();
    }
}
