using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ImageTasks.Testing;

/// <summary>
/// A minimal Docker-style token server on a free 127.0.0.1 port, as Docker Hub's auth.docker.io behaves:
/// <c>GET /token?service=S&amp;scope=repository:NAME:pull(&amp;scope=...)&amp;account=USER</c>, with Basic credentials
/// when the client has them, answers <c>{"token","access_token","expires_in","issued_at"}</c> holding an ES256 JWT that
/// a registry started with <see cref="RegistryAuth"/> accepts. The configured account gets every action it asks for;
/// anonymous clients get pull when <see cref="TokenServerOptions.AnonymousPull"/> says so; wrong credentials get 401.
/// Every request is recorded (scopes, account, whether Basic credentials came; never the password) for assertions.
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    private const string TokenPath = "/token";
    private const int MaxConnections = 32;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private readonly TokenServerOptions _options;
    private readonly TokenSigner _signer = new();
    private readonly LoopbackListener _listener;
    private readonly Lock _gate = new();
    private readonly List<TokenRequest> _requests = [];
    private long _sequence;

    private TokenServer(TokenServerOptions options)
    {
        _options = options;

        // Last: connections may arrive as soon as the listener starts, and they need the fields above.
        _listener = new LoopbackListener(
            (client, cancellationToken) => HttpKeepAlive.ServeAsync(
                client, IdleTimeout, (head, _, stream, token) => HandleRequestAsync(head, stream, token), cancellationToken),
            MaxConnections);
    }

    public int Port => _listener.Port;

    /// <summary>http://127.0.0.1:PORT/token: the registry's <c>realm</c>.</summary>
    public Uri Realm => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}{TokenPath}");

    public string Service => _options.Service;

    public string Issuer => _options.Issuer;

    /// <summary>The signing certificate in PEM: the registry's <c>rootcertbundle</c>.</summary>
    public string RootCertificatePem => _signer.CertificatePem;

    /// <summary>The <c>auth.token</c> settings for <see cref="RegistryProcessOptions.TokenAuth"/>.</summary>
    public RegistryTokenAuth RegistryAuth => new(Realm, Service, Issuer, RootCertificatePem);

    /// <summary>Every token request so far, in arrival order (snapshot).</summary>
    public IReadOnlyList<TokenRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    public static TokenServer Start(TokenServerOptions? options = null)
    {
        options ??= new TokenServerOptions();
        options.Validate();
        return new TokenServer(options);
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>
    /// A token granting exactly <paramref name="scopes"/> to <paramref name="subject"/>, without an HTTP request (so it
    /// is not recorded): the fixture's own way to push to a token-auth registry.
    /// </summary>
    public string IssueToken(string subject, params IEnumerable<string> scopes)
    {
        var granted = scopes.Select(s => TokenAccess.Parse(s) ?? throw new ArgumentException($"'{s}' is not a scope (type:name:actions).", nameof(scopes))).ToArray();
        return CreateToken(subject, granted, DateTimeOffset.UtcNow);
    }

    /// <summary>A seeder for a registry that trusts this server: each request carries a pull,push token for its repository.</summary>
    public RegistrySeeder CreateSeeder(Uri registryBaseUri) =>
        new(registryBaseUri, repository => IssueToken("imagetasks-seeder", $"repository:{repository}:pull,push"));

    public async ValueTask DisposeAsync()
    {
        // The listener first: no connection may still be signing when the key goes.
        await _listener.DisposeAsync();
        _signer.Dispose();
    }

    private string CreateToken(string subject, IReadOnlyList<TokenAccess> granted, DateTimeOffset issuedAt)
    {
        var claims = new JsonObject
        {
            ["iss"] = _options.Issuer,
            ["sub"] = subject,

            // distribution wants the audience as a plain string, not the array JWT also allows.
            ["aud"] = _options.Service,
            ["exp"] = (issuedAt + _options.TokenLifetime).ToUnixTimeSeconds(),
            ["nbf"] = issuedAt.ToUnixTimeSeconds(),
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["access"] = new JsonArray(granted.Where(g => g.Actions.Count > 0).Select(g => (JsonNode)g.ToJson()).ToArray()),
        };
        return _signer.Sign(claims);
    }

    /// <summary>Answers one request; returns whether the connection can carry another.</summary>
    private async Task<bool> HandleRequestAsync(HttpRequestHead head, Stream stream, CancellationToken cancellationToken)
    {
        // Token requests are GETs without a body; anything else is answered and the connection closed, so an
        // unread body can never be mistaken for the next request.
        var hasBody = (head.Header("Content-Length") is { } length && length != "0") || head.Header("Transfer-Encoding") is not null;
        var keepAlive = !hasBody && !head.HasToken("Connection", "close") && head.Version == "HTTP/1.1";
        var (status, headers, body) = Answer(head);
        await WriteResponseAsync(stream, status, headers, body, close: !keepAlive, cancellationToken);
        return keepAlive;
    }

    private (int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body) Answer(HttpRequestHead head)
    {
        var target = new Uri(Realm, head.Target);
        if (target.AbsolutePath != TokenPath)
        {
            return (404, [], Details($"not found: the token endpoint is {TokenPath}"));
        }

        if (head.Method != "GET")
        {
            // Docker's OAuth2 POST (refresh tokens) is not implemented: a client that needs it must fail visibly.
            return (405, [new("Allow", "GET")], Details("only GET is supported"));
        }

        var query = ParseQuery(target.Query);
        var service = query.FirstOrDefault(p => p.Key == "service").Value;
        var scopes = query.Where(p => p.Key == "scope").SelectMany(p => p.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var account = query.FirstOrDefault(p => p.Key == "account").Value;
        var credentials = head.Header("Authorization") is { } authorization ? ParseBasic(authorization) : null;
        var hasCredentials = head.Header("Authorization") is not null;
        var receivedAt = DateTimeOffset.UtcNow;

        TokenRequest Record(int status, IReadOnlyList<TokenAccess> granted, string? token)
        {
            lock (_gate)
            {
                var request = new TokenRequest(++_sequence, service, scopes, account, hasCredentials, credentials?.User, status, granted, token, receivedAt);
                _requests.Add(request);
                return request;
            }
        }

        var challenge = new KeyValuePair<string, string>("WWW-Authenticate", $"Basic realm=\"{_options.Issuer}\"");
        if (hasCredentials && (credentials is null || _options.Username is null
            || credentials.Value.User != _options.Username || credentials.Value.Password != _options.Password))
        {
            Record(401, [], null);
            return (401, [challenge], Details("incorrect username or password"));
        }

        if (service != _options.Service)
        {
            Record(400, [], null);
            return (400, [], Details($"unknown service '{service}': this server issues tokens for '{_options.Service}'"));
        }

        var asked = scopes.Select(TokenAccess.Parse).OfType<TokenAccess>().ToArray();
        var granted = credentials is not null
            ? asked
            : asked.Select(a => a.Type == "repository" && _options.AnonymousPull ? a.Restrict(action => action == "pull") : a.Restrict(_ => false)).ToArray();
        var token = CreateToken(credentials?.User ?? "", granted, receivedAt);
        Record(200, granted.Where(g => g.Actions.Count > 0).ToArray(), token);

        var answer = new JsonObject();
        if (_options.ResponseFields != TokenResponseFields.AccessTokenOnly)
        {
            answer["token"] = token;
        }

        if (_options.ResponseFields != TokenResponseFields.TokenOnly)
        {
            answer["access_token"] = token;
        }

        answer["expires_in"] = (long)_options.TokenLifetime.TotalSeconds;

        // Go's time.RFC3339, the format Docker's token servers write.
        answer["issued_at"] = receivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return (200, [], answer.ToJsonString());
    }

    /// <summary>Docker Hub's error body: <c>{"details":"..."}</c>.</summary>
    private static string Details(string text) => new JsonObject { ["details"] = text }.ToJsonString();

    /// <summary>Query pairs in order, repeated names kept (several <c>scope</c>s); '+' is a space, as in form encoding.</summary>
    private static List<KeyValuePair<string, string>> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            return new KeyValuePair<string, string>(Unescape(name), Unescape(value));
        }).ToList();

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    /// <summary>user and password from <c>Basic base64(user:password)</c>; null when the header is anything else.</summary>
    private static (string User, string Password)? ParseBasic(string header)
    {
        const string Prefix = "Basic ";
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[Prefix.Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static async Task WriteResponseAsync(Stream stream, int status, IReadOnlyList<KeyValuePair<string, string>> headers, string body, bool close, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {ReasonPhrase(status)}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append("Content-Type: application/json\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {bytes.Length}\r\n");
        if (close)
        {
            head.Append("Connection: close\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), cancellationToken);
        await stream.WriteAsync(bytes, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Status",
    };
}
