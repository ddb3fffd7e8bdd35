namespace ImageTasks.Testing;

/// <summary>What <see cref="TokenServer"/> grants, to whom, and for how long.</summary>
public sealed record TokenServerOptions
{
    /// <summary>The registry's name for itself: the <c>service</c> parameter clients must send and the JWT audience.</summary>
    public string Service { get; init; } = "imagetasks-test-registry";

    /// <summary>The JWT <c>iss</c> claim; the registry only accepts tokens from the issuer in its config.</summary>
    public string Issuer { get; init; } = "imagetasks-test-token-server";

    /// <summary>With <see cref="Password"/>: the one account, granted every action it asks for (pull, push, catalog).</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>
    /// Whether a request without credentials gets <c>pull</c> on repositories, as Docker Hub does for public images.
    /// Without it anonymous requests still get a token, one that grants nothing (Docker Hub's answer for a private image),
    /// so the registry answers <c>insufficient_scope</c>.
    /// </summary>
    public bool AnonymousPull { get; init; }

    /// <summary><c>expires_in</c> of every token and the distance between its <c>iat</c> and <c>exp</c>. Whole seconds.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    public TokenResponseFields ResponseFields { get; init; } = TokenResponseFields.Both;

    internal void Validate()
    {
        if ((Username is null) != (Password is null))
        {
            throw new ArgumentException("TokenServerOptions: set both Username and Password (the account the server knows), or neither.");
        }

        if (TokenLifetime < TimeSpan.FromSeconds(1) || TokenLifetime.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"TokenServerOptions: TokenLifetime must be a whole number of seconds, at least 1 ({TokenLifetime} given), because expires_in is an integer.");
        }
    }
}
