using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Testing;

/// <summary>
/// Proves the token server is one a real registry and an independent client (skopeo) accept, and that it grants and
/// refuses as product tests assume, so a failing token-auth test points at the product, not the fixture.
/// </summary>
public sealed class TokenServerTests
{
    private static readonly TokenServerOptions WithAccount = new() { Username = "ci", Password = "t0ken-pass" };

    [Fact]
    public async Task Registry_challenges_with_the_token_server_realm_and_accepts_its_tokens()
    {
        await using var tokens = TokenServer.Start(WithAccount);
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { TokenAuth = tokens.RegistryAuth });
        using var factory = new ImageFactory();
        var image = await factory.CreateImageAsync();
        using (var seeder = tokens.CreateSeeder(registry.BaseUri))
        {
            Assert.Equal(image.Digest, await seeder.PushImageAsync("private/app", image, "1"));
        }

        using var client = registry.CreateClient(authenticated: false);
        using (var response = await client.GetAsync(new Uri("v2/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal($"Bearer realm=\"{tokens.Realm}\",service=\"{tokens.Service}\"", response.Headers.WwwAuthenticate.Single().ToString());
        }

        using (var response = await GetManifestAsync(client, "private/app", "1", bearer: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("scope=\"repository:private/app:pull\"", response.Headers.WwwAuthenticate.Single().ToString(), StringComparison.Ordinal);
        }

        var answer = await RequestTokenAsync(tokens, "scope=repository:private/app:pull&account=ci", RegistryProcess.BasicAuthorization("ci", "t0ken-pass"));
        var token = answer["token"]!.GetValue<string>();
        Assert.Equal(token, answer["access_token"]!.GetValue<string>());
        Assert.Equal(300, answer["expires_in"]!.GetValue<int>());
        Assert.True(DateTimeOffset.TryParse(answer["issued_at"]!.GetValue<string>(), out _));

        using (var response = await GetManifestAsync(client, "private/app", "1", token))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(image.Bytes, await response.Content.ReadAsByteArrayAsync());
        }

        // A pull token does not let a client push: the registry checks the access claim, not just the signature.
        using (var push = new HttpRequestMessage(HttpMethod.Post, "v2/private/app/blobs/uploads/"))
        {
            push.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(push);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("error=\"insufficient_scope\"", response.Headers.WwwAuthenticate.Single().ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Tokens_carry_the_claims_distribution_checks_and_grant_every_scope_asked()
    {
        await using var tokens = TokenServer.Start(WithAccount with { Issuer = "test-issuer", Service = "test-service" });

        var answer = await RequestTokenAsync(
            tokens,
            "scope=repository:a/one:pull&scope=repository:b/two:pull,push&scope=registry:catalog:*&account=ci",
            RegistryProcess.BasicAuthorization("ci", "t0ken-pass"));

        var (header, claims) = DecodeJwt(answer["token"]!.GetValue<string>());
        Assert.Equal("ES256", header["alg"]!.GetValue<string>());
        Assert.Contains("BEGIN CERTIFICATE", tokens.RootCertificatePem, StringComparison.Ordinal);
        Assert.Contains(header["x5c"]![0]!.GetValue<string>()[..40], tokens.RootCertificatePem.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("test-issuer", claims["iss"]!.GetValue<string>());
        Assert.Equal("test-service", claims["aud"]!.GetValue<string>());
        Assert.Equal("ci", claims["sub"]!.GetValue<string>());
        Assert.Equal(300, claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>());
        Assert.Equal(
            """[{"type":"repository","name":"a/one","actions":["pull"]},{"type":"repository","name":"b/two","actions":["pull","push"]},{"type":"registry","name":"catalog","actions":["*"]}]""",
            claims["access"]!.ToJsonString());

        var recorded = Assert.Single(tokens.Requests);
        Assert.Equal(["repository:a/one:pull", "repository:b/two:pull,push", "registry:catalog:*"], recorded.Scopes);
        Assert.Equal("ci", recorded.Account);
        Assert.Equal("ci", recorded.BasicUsername);
        Assert.True(recorded.HasBasicCredentials);
        Assert.Equal("test-service", recorded.Service);
    }

    [Fact]
    public async Task Anonymous_clients_get_pull_only_when_anonymous_pull_is_on()
    {
        await using (var open = TokenServer.Start(WithAccount with { AnonymousPull = true }))
        {
            var answer = await RequestTokenAsync(open, "scope=repository:lib/x:pull,push", authorization: null);
            Assert.Equal("""[{"type":"repository","name":"lib/x","actions":["pull"]}]""", DecodeJwt(answer["access_token"]!.GetValue<string>()).Claims["access"]!.ToJsonString());
            Assert.False(Assert.Single(open.Requests).HasBasicCredentials);
        }

        await using var closed = TokenServer.Start(WithAccount with { ResponseFields = TokenResponseFields.TokenOnly });
        var denied = await RequestTokenAsync(closed, "scope=repository:lib/x:pull", authorization: null);
        Assert.Null(denied["access_token"]);
        Assert.Equal("[]", DecodeJwt(denied["token"]!.GetValue<string>()).Claims["access"]!.ToJsonString());
        Assert.Empty(Assert.Single(closed.Requests).Granted);
    }

    [Fact]
    public async Task Wrong_credentials_and_unknown_services_are_refused_and_no_password_is_recorded()
    {
        await using var tokens = TokenServer.Start(WithAccount);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(tokens.Realm, $"?service={tokens.Service}&scope=repository:a:pull&account=ci")))
        {
            request.Headers.Authorization = RegistryProcess.BasicAuthorization("ci", "not-the-password");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("""{"details":"incorrect username or password"}""", await response.Content.ReadAsStringAsync());
        }

        using (var response = await client.GetAsync(new Uri(tokens.Realm, "?service=elsewhere&scope=repository:a:pull")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal([401, 400], tokens.Requests.Select(r => r.StatusCode));
        Assert.Equal("ci", tokens.Requests[0].BasicUsername);
        Assert.DoesNotContain("not-the-password", string.Join(" ", tokens.Requests.Select(r => r.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skopeo_reads_through_the_token_server_with_credentials_and_is_refused_without()
    {
        await using var tokens = TokenServer.Start(WithAccount);
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { TokenAuth = tokens.RegistryAuth });
        using var factory = new ImageFactory();
        var image = await factory.CreateImageAsync();
        using (var seeder = tokens.CreateSeeder(registry.BaseUri))
        {
            await seeder.PushImageAsync("private/app", image, "1");
        }

        var skopeo = new Skopeo();
        Assert.Equal(image.Text, await skopeo.InspectRawAsync($"{registry.Host}/private/app:1", credentials: "ci:t0ken-pass"));
        Assert.Contains(tokens.Requests, r => r.Succeeded && r.BasicUsername == "ci" && r.Scopes.Contains("repository:private/app:pull"));

        var refused = await skopeo.RunAsync("inspect", "--tls-verify=false", "--raw", "--creds", "ci:wrong", $"docker://{registry.Host}/private/app:1");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains(tokens.Requests, r => r.StatusCode == 401);
    }

    [Fact]
    public async Task A_registry_takes_one_auth_type_and_a_token_registry_needs_the_token_seeder()
    {
        await using var tokens = TokenServer.Start();
        var both = await Assert.ThrowsAsync<ArgumentException>(() =>
            RegistryProcess.StartAsync(new RegistryProcessOptions { Username = "u", Password = "p", TokenAuth = tokens.RegistryAuth }));
        Assert.Contains("not both", both.Message, StringComparison.Ordinal);

        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { TokenAuth = tokens.RegistryAuth });
        var seeder = Assert.Throws<InvalidOperationException>(() => registry.CreateSeeder());
        Assert.Contains("TokenServer.CreateSeeder", seeder.Message, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetManifestAsync(HttpClient client, string repository, string tag, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{tag}");
        request.Headers.TryAddWithoutValidation("Accept", FixtureMediaTypes.AllManifests);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await client.SendAsync(request);
    }

    private static async Task<JsonObject> RequestTokenAsync(TokenServer tokens, string query, AuthenticationHeaderValue? authorization)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(tokens.Realm, $"?service={Uri.EscapeDataString(tokens.Service)}&{query}"));
        request.Headers.Authorization = authorization;
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token request answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static (JsonObject Header, JsonObject Claims) DecodeJwt(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        return (Part(parts[0]), Part(parts[1]));

        static JsonObject Part(string base64Url)
        {
            var base64 = base64Url.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)))!.AsObject();
        }
    }
}
