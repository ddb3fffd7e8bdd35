using System.Net;

namespace ImageTasks.Core.Registry;

/// <summary>
/// Follows redirects (blob storage often answers with one) and never carries the registry's Authorization header, nor
/// its name, to another host: a storage backend must not see the user's token or password. It sits outside
/// <see cref="AuthenticationHandler"/>, so each hop answers its own host's challenge with that host's own credentials.
/// </summary>
internal sealed class RedirectHandler : DelegatingHandler
{
    private const int MaxRedirects = 10;

    public RedirectHandler(HttpMessageHandler inner) : base(inner) { }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var current = request;
        for (var hop = 0; hop < MaxRedirects && IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hop++)
        {
            var target = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
            var next = new HttpRequestMessage(current.Method == HttpMethod.Head ? HttpMethod.Head : HttpMethod.Get, target);
            foreach (var header in current.Headers)
            {
                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            if (!SameOrigin(current.RequestUri!, target))
            {
                next.Headers.Authorization = null;
            }
            else
            {
                foreach (var option in (ReadOnlySpan<HttpRequestOptionsKey<string>>)[RegistryRequest.Registry, RegistryRequest.Peer])
                {
                    if (current.Options.TryGetValue(option, out var value))
                    {
                        next.Options.Set(option, value);
                    }
                }
            }

            response.Dispose();
            if (!ReferenceEquals(current, request))
            {
                current.Dispose();
            }

            current = next;
            response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;
}
