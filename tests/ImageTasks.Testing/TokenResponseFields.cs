namespace ImageTasks.Testing;

/// <summary>Which fields carry the JWT in a token answer: Docker's spec allows <c>token</c>, <c>access_token</c> (OAuth2) or both.</summary>
public enum TokenResponseFields
{
    Both,
    TokenOnly,
    AccessTokenOnly,
}
