using System.Text.Json.Serialization;

namespace ImageTasks.Core.Registry;

internal sealed record TokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }

    [JsonPropertyName("issued_at")]
    public DateTimeOffset? IssuedAt { get; init; }
}

internal sealed record ErrorsResponse
{
    [JsonPropertyName("errors")]
    public List<ErrorEntry>? Errors { get; init; }
}

internal sealed record ErrorEntry
{
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}

internal sealed record TagList
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("tags")]
    public List<string>? Tags { get; init; }
}

/// <summary>One page of <c>GET /v2/_catalog</c>.</summary>
internal sealed record CatalogPage
{
    [JsonPropertyName("repositories")]
    public List<string>? Repositories { get; init; }
}

/// <summary>Docker Hub's <c>GET /v1/search</c> answer.</summary>
internal sealed record SearchResponse
{
    [JsonPropertyName("results")]
    public List<SearchEntry>? Results { get; init; }
}

internal sealed record SearchEntry
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("star_count")]
    public int StarCount { get; init; }

    [JsonPropertyName("is_official")]
    public bool IsOfficial { get; init; }

    [JsonPropertyName("is_automated")]
    public bool IsAutomated { get; init; }
}

/// <summary>Docker's config.json: the parts that hold credentials.</summary>
internal sealed record DockerConfigFile
{
    [JsonPropertyName("auths")]
    public Dictionary<string, DockerAuthEntry>? Auths { get; init; }

    [JsonPropertyName("credsStore")]
    public string? CredsStore { get; init; }

    [JsonPropertyName("credHelpers")]
    public Dictionary<string, string>? CredHelpers { get; init; }
}

internal sealed record DockerAuthEntry
{
    [JsonPropertyName("auth")]
    public string? Auth { get; init; }

    [JsonPropertyName("username")]
    public string? Username { get; init; }

    [JsonPropertyName("password")]
    public string? Password { get; init; }

    [JsonPropertyName("identitytoken")]
    public string? IdentityToken { get; init; }
}

/// <summary>What a docker-credential-* helper prints for <c>get</c>.</summary>
internal sealed record HelperCredential
{
    [JsonPropertyName("ServerURL")]
    public string? ServerUrl { get; init; }

    [JsonPropertyName("Username")]
    public string? Username { get; init; }

    [JsonPropertyName("Secret")]
    public string? Secret { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(ErrorsResponse))]
[JsonSerializable(typeof(TagList))]
[JsonSerializable(typeof(CatalogPage))]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(DockerConfigFile))]
[JsonSerializable(typeof(HelperCredential))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
