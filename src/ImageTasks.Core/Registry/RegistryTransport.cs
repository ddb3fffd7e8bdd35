using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;

namespace ImageTasks.Core.Registry;

/// <summary>
/// The sockets under the handler stack, one pool per host: each host gets its own TLS trust (its certs.d authorities
/// and client certificate, never another host's) and the connect timeout. A refused TLS handshake becomes one line that
/// says why and where a private CA goes.
/// </summary>
internal sealed class RegistryTransport : HttpMessageHandler
{
    private readonly RegistryOptions _options;
    private readonly ConcurrentDictionary<string, Lazy<(HttpMessageInvoker Invoker, RegistryCertificates Trust)>> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public RegistryTransport(RegistryOptions options) => _options = options;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authority = request.RequestUri!.Authority;
        var (invoker, trust) = _hosts.GetOrAdd(authority, a => new Lazy<(HttpMessageInvoker, RegistryCertificates)>(() => Create(a))).Value;
        try
        {
            return await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (IsTls(e))
        {
            // Not retried: the same certificate would be refused again.
            var innermost = e.GetBaseException().Message;
            throw new RegistryException(trust.RefusalMessage(TimeoutHandler.Peer(request), innermost), innerException: e);
        }
    }

    /// <summary>
    /// Our own refusal (AuthenticationException), or the server's: with TLS 1.3 a registry refusing our client certificate
    /// is only heard on the first read, as an OpenSSL error (a CryptographicException) under an IOException.
    /// </summary>
    private static bool IsTls(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException or System.Security.Cryptography.CryptographicException)
            {
                return true;
            }
        }

        return e.HttpRequestError == HttpRequestError.SecureConnectionError;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var host in _hosts.Values.Where(h => h.IsValueCreated))
            {
                host.Value.Invoker.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private (HttpMessageInvoker, RegistryCertificates) Create(string authority)
    {
        var trust = RegistryCertificates.Load(authority, _options);
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, // RedirectHandler decides what a redirect may carry
            AutomaticDecompression = DecompressionMethods.None, // blobs are hashed as the registry sent them
            ConnectTimeout = _options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            MaxConnectionsPerServer = 16,
            MaxResponseHeadersLength = 64, // KiB: headers are small; a registry sending megabytes of them is refused
        };
        sockets.SslOptions.RemoteCertificateValidationCallback = trust.Validate;
        if (trust.ClientCertificates.Count > 0)
        {
            sockets.SslOptions.ClientCertificates = trust.ClientCertificates;
        }

        return (new HttpMessageInvoker(sockets, disposeHandler: true), trust);
    }
}
