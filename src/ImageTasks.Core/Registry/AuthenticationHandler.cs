using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ImageTasks.Core.Registry;

/// <summary>
/// Answers registry challenges: on a 401 it reads <c>WWW-Authenticate</c>, gets a Bearer token for the repository scope
/// (anonymously, or with the user's credentials) or uses Basic, and sends the request again. Tokens are cached per
/// realm, service and scope until they expire, so a pull asks the token server once per repository.
/// Everything is per host: it sits inside <see cref="RedirectHandler"/>, so a redirect target (blob storage) that
/// challenges is answered with that host's own credentials (usually none), its challenge is remembered for it alone, and
/// the token it leads to is cached under it, so it is never sent to the registry (nor the registry's to it).
/// </summary>
internal sealed class AuthenticationHandler : DelegatingHandler
{
    /// <summary>Distribution's default when a token response omits expires_in.</summary>
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    private readonly ICredentialProvider _credentials;
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new();
    private readonly ConcurrentDictionary<string, AuthChallenge> _challengeByHost = new();
    private readonly ConcurrentDictionary<string, RegistryCredential?> _credentialByRegistry = new();

    public AuthenticationHandler(ICredentialProvider credentials, HttpMessageHandler inner) : base(inner) => _credentials = credentials;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var host = request.RequestUri!.Authority;
        var scope = RegistryRequest.ScopeFor(request);

        // Only requests to the registry's own host carry its name (RedirectHandler drops it at another host): any other
        // host is looked up by its own name, so it can never be given the registry's credentials.
        var registry = request.Options.TryGetValue(RegistryRequest.Registry, out var name) ? name : host;

        // Known challenge for this host: authenticate up front instead of paying a 401 round trip each time.
        if (_challengeByHost.TryGetValue(host, out var known))
        {
            await AuthorizeAsync(request, known, host, registry, scope, cancellationToken).ConfigureAwait(false);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        var challenge = response.Headers.WwwAuthenticate.Select(h => AuthChallenge.Parse(h.ToString())).FirstOrDefault(c => c is not null && (c.IsBearer || c.IsBasic));
        if (challenge is null)
        {
            return response;
        }

        var hadAuthorization = request.Headers.Authorization is not null;
        _challengeByHost[host] = challenge;
        if (hadAuthorization && challenge.Parameters.GetValueOrDefault("error") is null && challenge.IsBasic)
        {
            return response; // the credentials we sent were refused; sending them again would not help
        }

        bool authorized;
        try
        {
            authorized = await AuthorizeAsync(request, challenge, host, registry, challenge.Scope ?? scope, cancellationToken, refresh: hadAuthorization).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose(); // the 401 is not handed to anyone when getting a token fails
            throw;
        }

        if (!authorized)
        {
            return response;
        }

        response.Dispose();
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> AuthorizeAsync(HttpRequestMessage request, AuthChallenge challenge, string host, string registry, string? scope, CancellationToken cancellationToken, bool refresh = false)
    {
        var credential = await CredentialFor(registry, cancellationToken).ConfigureAwait(false);
        if (challenge.IsBasic)
        {
            if (credential is null || credential.IsIdentityToken)
            {
                return false;
            }

            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Secret}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
            return true;
        }

        var token = await TokenFor(challenge, host, registry, scope, credential, refresh, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return true;
    }

    private async Task<RegistryCredential?> CredentialFor(string registry, CancellationToken cancellationToken)
    {
        if (_credentialByRegistry.TryGetValue(registry, out var cached))
        {
            return cached;
        }

        var credential = await _credentials.GetAsync(registry, cancellationToken).ConfigureAwait(false);
        _credentialByRegistry[registry] = credential;
        return credential;
    }

    private async Task<string> TokenFor(AuthChallenge challenge, string host, string registry, string? scope, RegistryCredential? credential, bool refresh, CancellationToken cancellationToken)
    {
        // The host is part of the key: another host naming this registry's realm, service and scope must not be handed
        // the token minted for the registry (it would not be minted with its credentials, but would be taken from here).
        var key = $"{host}|{challenge.Realm}|{challenge.Service}|{scope}";
        if (!refresh && _tokens.TryGetValue(key, out var cached) && cached.ExpiresAt > DateTimeOffset.UtcNow)
        {
            return cached.Value;
        }

        if (string.IsNullOrEmpty(challenge.Realm) || !Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm))
        {
            throw new RegistryException($"registry {host} asked for a Bearer token without a usable realm ({challenge.Realm ?? "none"})");
        }

        if (realm.Scheme is not ("http" or "https"))
        {
            // file:, ftp: and the like would read local files or reach what HTTP never should; Docker refuses them too.
            throw new RegistryException($"registry {host} asked for a token from {realm.Scheme}: realm {DebugLogHandler.Redact(realm)}; only http and https realms are used");
        }

        using var tokenRequest = BuildTokenRequest(realm, challenge.Service, scope, credential);
        tokenRequest.Options.Set(RegistryRequest.Peer, "token server");
        HttpResponseMessage sent;
        try
        {
            sent = await base.SendAsync(tokenRequest, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            // Left alone, this surfaced as the registry's URL failing ("Get .../v2/x/manifests/1: Connection refused")
            // although the registry had answered: name the token server, as Docker does.
            var cause = e.InnerException?.Message ?? e.Message;
            throw new TokenServerUnreachableException(
                $"token server for {registry} unreachable: {RegistryClient.Capitalised(tokenRequest.Method.Method)} \"{DebugLogHandler.Redact(tokenRequest.RequestUri!)}\": {cause}", e);
        }

        using var response = sent;
        if (!response.IsSuccessStatusCode)
        {
            var what = credential is null ? "anonymous token" : $"token for {credential.Username}";
            throw new RegistryException($"{what} refused by {realm.GetLeftPart(UriPartial.Path)}: {(int)response.StatusCode} {response.ReasonPhrase}", response.StatusCode);
        }

        var body = await ResponseBody.ReadAsync(response, ResponseBody.MaxToken, "token answer", cancellationToken).ConfigureAwait(false);
        TokenResponse? answer;
        try
        {
            answer = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.TokenResponse);
        }
        catch (JsonException e)
        {
            throw new RegistryException($"token server {realm.GetLeftPart(UriPartial.Path)} answered with something that is not a token response: {e.Message}", innerException: e);
        }

        var token = answer?.Token ?? answer?.AccessToken;
        if (string.IsNullOrEmpty(token))
        {
            throw new RegistryException($"token server {realm.GetLeftPart(UriPartial.Path)} answered without a token");
        }

        var lifetime = answer!.ExpiresIn is > 0 ? TimeSpan.FromSeconds(answer.ExpiresIn.Value) : DefaultTokenLifetime;
        // Renew a little early (at most half the lifetime) so a token never expires between our check and the registry's.
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, lifetime.Ticks / 2));
        _tokens[key] = new CachedToken(token, DateTimeOffset.UtcNow + lifetime - margin);
        return token;
    }

    private static HttpRequestMessage BuildTokenRequest(Uri realm, string? service, string? scope, RegistryCredential? credential)
    {
        if (credential is { IsIdentityToken: true })
        {
            // An identity token is an OAuth2 refresh token: exchanged by POST, as Docker does.
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = credential.Secret,
                ["client_id"] = "imagetasks",
            };
            if (service is not null)
            {
                form["service"] = service;
            }

            if (scope is not null)
            {
                form["scope"] = scope; // OAuth2's form: scopes separated by spaces
            }

            return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        }

        var query = new StringBuilder(realm.Query.Length > 1 ? realm.Query[1..] + "&" : "");
        if (service is not null)
        {
            query.Append("service=").Append(Uri.EscapeDataString(service)).Append('&');
        }

        // Several scopes (a mount reads another repository) go as one scope parameter each, as Docker sends them.
        foreach (var one in (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            query.Append("scope=").Append(Uri.EscapeDataString(one)).Append('&');
        }

        if (credential is not null)
        {
            query.Append("account=").Append(Uri.EscapeDataString(credential.Username)).Append('&');
        }

        var uri = new UriBuilder(realm) { Query = query.ToString().TrimEnd('&') }.Uri;
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (credential is not null)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Secret}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        return request;
    }

    private sealed record CachedToken(string Value, DateTimeOffset ExpiresAt);
}
