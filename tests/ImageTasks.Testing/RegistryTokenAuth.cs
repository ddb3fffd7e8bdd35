namespace ImageTasks.Testing;

/// <summary>
/// Distribution's <c>auth.token</c> settings: clients are sent to <see cref="Realm"/> for JWTs, and the registry accepts
/// those whose issuer and audience match and whose signing certificate chains to <see cref="RootCertificateBundlePem"/>.
/// The registry never calls the token server itself. <see cref="TokenServer.RegistryAuth"/> builds one.
/// </summary>
public sealed record RegistryTokenAuth(Uri Realm, string Service, string Issuer, string RootCertificateBundlePem);
