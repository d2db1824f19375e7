namespace MspHub.SampleHub.Tests.TestSupport;

/// <summary>The sample's demo accounts, as its start-up banner prints them.</summary>
public static class DemoUsers
{
    public static readonly (string Name, string Password) Admin = ("admin", "demo-admin");

    public static readonly (string Name, string Password) Tina = ("tina", "demo-tina");

    public static readonly (string Name, string Password) Tom = ("tom", "demo-tom");

    /// <summary>Contoso's own admin: no system role, Contoso's Admin role.</summary>
    public static readonly (string Name, string Password) Cara = ("cara", "demo-cara");
}
