using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using MspHub.Licensing;

namespace MspHub.Licensing.Tests.Licences;

public class LicensingShould
{
    private static readonly (string Private, string Public) Vendor = LicenceIssuer.CreateKeyPair();

    private static IHost Start(Action<LicensingOptions> configure, TimeProvider? clock = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (clock is not null)
        {
            builder.Services.AddSingleton<TimeProvider>(clock);
        }

        builder.Services.AddFakeLogging();
        builder.Services.AddMspHub(hub => hub.AddInMemoryTenantStore().AddLicensing(configure));
        var host = builder.Build();
        host.Start();
        return host;
    }

    private static Licence Licence(TimeProvider clock) => new()
    {
        LicenceId = "lic-1",
        Licensee = "Northwind MSP",
        Edition = "msp",
        MaxTenants = 50,
        Features = ["vault"],
        IssuedAt = clock.GetUtcNow().AddDays(-1),
        ExpiresAt = clock.GetUtcNow().AddDays(30),
    };

    [Fact]
    public void Report_a_valid_licence_with_its_limits_and_features()
    {
        var clock = TestClock.Create();
        using var host = Start(o => { o.PublicKeyPem = Vendor.Public; o.Licence = LicenceIssuer.Issue(Licence(clock), Vendor.Private); }, clock);
        var licensing = host.Services.GetRequiredService<ILicensing>();

        Assert.True(licensing.IsLicensed);
        Assert.Equal(50, licensing.MaxTenants);
        Assert.True(licensing.HasFeature("VAULT"));
        Assert.False(licensing.HasFeature("billing"));
    }

    [Fact]
    public void Run_unlicensed_with_the_reason_when_the_licence_is_bad_instead_of_failing()
    {
        var clock = TestClock.Create();
        var forged = LicenceIssuer.Issue(Licence(clock), LicenceIssuer.CreateKeyPair().PrivateKeyPem);
        using var host = Start(o => { o.PublicKeyPem = Vendor.Public; o.Licence = forged; }, clock);
        var licensing = host.Services.GetRequiredService<ILicensing>();

        Assert.False(licensing.IsLicensed);
        Assert.Equal(LicenceProblem.BadSignature, licensing.Status.Problem);
        Assert.Equal(0, licensing.MaxTenants);
        Assert.False(licensing.HasFeature("vault"));
    }

    [Fact]
    public void Supply_the_licence_default_quotas_and_caps_and_when_unlicensed_no_default_and_a_cap_of_zero()
    {
        var clock = TestClock.Create();
        var licence = Licence(clock) with
        {
            DefaultQuotas = new Dictionary<string, long> { ["automs"] = 10 },
            MaxQuotas = new Dictionary<string, long> { ["automs"] = 40 },
        };
        using var licensed = Start(o => { o.PublicKeyPem = Vendor.Public; o.Licence = LicenceIssuer.Issue(licence, Vendor.Private); }, clock);
        using var unlicensed = Start(o => o.PublicKeyPem = Vendor.Public, clock);

        var defaults = licensed.Services.GetRequiredService<IQuotaDefaults>();
        Assert.Equal(10, defaults.GetDefaultLimit("automs"));
        Assert.Null(defaults.GetDefaultLimit("users"));
        Assert.Equal(40, defaults.GetMaxLimit("automs"));
        Assert.Null(defaults.GetMaxLimit("users"));
        Assert.Null(defaults.GetMaxLimitReason("automs"));
        Assert.Null(unlicensed.Services.GetRequiredService<IQuotaDefaults>().GetDefaultLimit("automs"));
        Assert.Equal(0, unlicensed.Services.GetRequiredService<IQuotaDefaults>().GetMaxLimit("automs"));
        Assert.Contains("no valid licence (Missing)", unlicensed.Services.GetRequiredService<IQuotaDefaults>().GetMaxLimitReason("automs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_unlicensed_when_the_licence_file_is_missing()
    {
        using var host = Start(o => { o.PublicKeyPem = Vendor.Public; o.LicencePath = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.txt"); });

        Assert.Equal(LicenceProblem.Missing, host.Services.GetRequiredService<ILicensing>().Status.Problem);
    }

    [Fact]
    public void Read_the_licence_from_a_file()
    {
        var clock = TestClock.Create();
        var path = Path.Combine(Path.GetTempPath(), $"licence-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, LicenceIssuer.Issue(Licence(clock), Vendor.Private) + "\n");
        try
        {
            using var host = Start(o => { o.PublicKeyPem = Vendor.Public; o.LicencePath = path; }, clock);
            Assert.True(host.Services.GetRequiredService<ILicensing>().IsLicensed);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Turn_licence_bounded_capabilities_off_when_the_licence_expires_while_running()
    {
        var clock = TestClock.Create();
        using var host = Start(o => { o.PublicKeyPem = Vendor.Public; o.Licence = LicenceIssuer.Issue(Licence(clock), Vendor.Private); }, clock);
        var licensing = host.Services.GetRequiredService<ILicensing>();
        Assert.True(licensing.HasFeature("vault"));

        clock.Advance(TimeSpan.FromDays(31));

        Assert.Equal(LicenceProblem.Expired, licensing.Status.Problem);
        Assert.False(licensing.HasFeature("vault"));
        Assert.Equal(0, licensing.MaxTenants);
    }

    [Fact]
    public void Run_unlicensed_while_the_licence_file_is_unreadable_and_recover_once_it_is_readable()
    {
        var clock = TestClock.Create();
        var folder = Directory.CreateTempSubdirectory("licence-");
        var path = Path.Combine(folder.FullName, "licence.txt");
        Directory.CreateDirectory(path); // reading a folder fails like a file the host may not read
        try
        {
            using var host = Start(o => { o.PublicKeyPem = Vendor.Public; o.LicencePath = path; }, clock);
            var licensing = host.Services.GetRequiredService<ILicensing>();

            Assert.Equal(LicenceProblem.Unreadable, licensing.Status.Problem);
            Assert.Contains("could not be read", licensing.Status.Detail, StringComparison.Ordinal);
            Assert.False(licensing.HasFeature("vault"));

            Directory.Delete(path);
            File.WriteAllText(path, LicenceIssuer.Issue(Licence(clock), Vendor.Private));
            Assert.False(licensing.IsLicensed); // not read again before the retry interval

            clock.Advance(TimeSpan.FromSeconds(30));

            Assert.True(licensing.IsLicensed);
            Assert.True(licensing.HasFeature("vault"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Write_the_observed_time_mark_beside_the_licence_path_even_while_there_is_no_licence()
    {
        var folder = Directory.CreateTempSubdirectory("licence-");
        var path = Path.Combine(folder.FullName, "licence.txt");
        try
        {
            using var host = Start(o => { o.PublicKeyPem = Vendor.Public; o.LicencePath = path; }, TestClock.Create());

            Assert.Equal(LicenceProblem.Missing, host.Services.GetRequiredService<ILicensing>().Status.Problem);
            Assert.Equal(["licence.txt.seen"], folder.GetFiles().Select(f => f.Name));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Pick_up_a_licence_file_installed_after_start_up()
    {
        var clock = TestClock.Create();
        var folder = Directory.CreateTempSubdirectory("licence-");
        var path = Path.Combine(folder.FullName, "licence.txt");
        try
        {
            using var host = Start(o => { o.PublicKeyPem = Vendor.Public; o.LicencePath = path; o.RetryInterval = TimeSpan.FromMinutes(5); }, clock);
            var licensing = host.Services.GetRequiredService<ILicensing>();
            Assert.Equal(LicenceProblem.Missing, licensing.Status.Problem);

            File.WriteAllText(path, LicenceIssuer.Issue(Licence(clock), Vendor.Private));
            clock.Advance(TimeSpan.FromMinutes(5));

            Assert.True(licensing.IsLicensed);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Take_over_a_renewal_written_over_the_licence_file_and_keep_the_licence_in_force_when_one_is_refused()
    {
        var clock = TestClock.Create();
        var folder = Directory.CreateTempSubdirectory("licence-");
        var path = Path.Combine(folder.FullName, "licence.txt");
        try
        {
            File.WriteAllText(path, LicenceIssuer.Issue(Licence(clock), Vendor.Private));
            using var host = Start(o => { o.PublicKeyPem = Vendor.Public; o.LicencePath = path; o.RetryInterval = TimeSpan.FromMinutes(5); }, clock);
            var licensing = host.Services.GetRequiredService<ILicensing>();
            Assert.Equal(50, licensing.MaxTenants);

            // A renewal with more tenants: looked for at the next interval, not before.
            File.WriteAllText(path, LicenceIssuer.Issue(Licence(clock) with { LicenceId = "lic-2", MaxTenants = 80 }, Vendor.Private));
            clock.Advance(TimeSpan.FromMinutes(4));
            Assert.Equal(50, licensing.MaxTenants);
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(("lic-2", 80), (licensing.Status.Licence!.LicenceId, licensing.MaxTenants));

            // A tampered file, another vendor's licence, an expired one, or the file gone: the licence in force stays,
            // and the log says so, never that the host runs unlicensed.
            var other = LicenceIssuer.CreateKeyPair();
            var log = host.Services.GetFakeLogCollector();
            foreach (var replace in new Action[]
            {
                () => File.WriteAllText(path, File.ReadAllText(path).Replace('A', 'B')),
                () => File.WriteAllText(path, LicenceIssuer.Issue(Licence(clock) with { LicenceId = "lic-x", MaxTenants = 999 }, other.PrivateKeyPem)),
                () => File.WriteAllText(path, LicenceIssuer.Issue(Licence(clock) with { LicenceId = "lic-y", ExpiresAt = clock.GetUtcNow().AddMinutes(-1) }, Vendor.Private)),
                () => File.Delete(path),
            })
            {
                log.Clear();
                replace();
                clock.Advance(TimeSpan.FromMinutes(5));
                Assert.Equal(("lic-2", 80), (licensing.Status.Licence!.LicenceId, licensing.MaxTenants));
                Assert.True(licensing.IsLicensed);
                var logged = Assert.Single(log.GetSnapshot(), r => r.Category == typeof(LicenceState).FullName);
                Assert.Equal((File.Exists(path) ? 203 : 205, LogLevel.Warning), (logged.Id.Id, logged.Level));
                Assert.EndsWith("The licence in force stays.", logged.Message, StringComparison.Ordinal);
            }

            // Still gone at the next look: said once, not at every interval. Back with a refused licence, then gone again:
            // said again.
            log.Clear();
            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.True(licensing.IsLicensed);
            Assert.DoesNotContain(log.GetSnapshot(), r => r.Category == typeof(LicenceState).FullName);
            File.WriteAllText(path, "not a licence");
            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.True(licensing.IsLicensed);
            File.Delete(path);
            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.True(licensing.IsLicensed);
            Assert.Equal([203, 205], log.GetSnapshot().Where(r => r.Category == typeof(LicenceState).FullName).Select(r => r.Id.Id));

            File.WriteAllText(path, LicenceIssuer.Issue(Licence(clock) with { LicenceId = "lic-3", MaxTenants = 90 }, Vendor.Private));
            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(("lic-3", 90), (licensing.Status.Licence!.LicenceId, licensing.MaxTenants));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // Issued a little ahead of this host's clock (or to start on a date): refused now, taken over once valid.
    [Fact]
    public void Take_over_a_renewal_once_it_becomes_valid()
    {
        var clock = TestClock.Create();
        var folder = Directory.CreateTempSubdirectory("licence-");
        var path = Path.Combine(folder.FullName, "licence.txt");
        try
        {
            File.WriteAllText(path, LicenceIssuer.Issue(Licence(clock), Vendor.Private));
            using var host = Start(o => { o.PublicKeyPem = Vendor.Public; o.LicencePath = path; o.RetryInterval = TimeSpan.FromMinutes(5); }, clock);
            var licensing = host.Services.GetRequiredService<ILicensing>();
            Assert.Equal(50, licensing.MaxTenants);

            File.WriteAllText(path, LicenceIssuer.Issue(Licence(clock) with { LicenceId = "lic-2", MaxTenants = 80, IssuedAt = clock.GetUtcNow().AddMinutes(7) }, Vendor.Private));
            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(50, licensing.MaxTenants);
            clock.Advance(TimeSpan.FromMinutes(5));

            Assert.Equal(("lic-2", 80), (licensing.Status.Licence!.LicenceId, licensing.MaxTenants));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Keep_an_expired_licence_expired_when_the_clock_is_turned_back()
    {
        var clock = new RewindableClock();
        using var host = Start(o => { o.PublicKeyPem = Vendor.Public; o.Licence = LicenceIssuer.Issue(Licence(clock), Vendor.Private); }, clock);
        var licensing = host.Services.GetRequiredService<ILicensing>();
        Assert.True(licensing.IsLicensed);

        clock.Now += TimeSpan.FromDays(31);
        Assert.Equal(LicenceProblem.Expired, licensing.Status.Problem);
        clock.Now -= TimeSpan.FromDays(31);

        Assert.Equal(LicenceProblem.Expired, licensing.Status.Problem);
        Assert.False(licensing.HasFeature("vault"));
    }

    [Fact]
    public void Keep_an_expired_licence_expired_across_a_restart_with_the_clock_turned_back()
    {
        var folder = Directory.CreateTempSubdirectory("licence-");
        var path = Path.Combine(folder.FullName, "licence.txt");
        var before = TestClock.Create();
        File.WriteAllText(path, LicenceIssuer.Issue(Licence(before), Vendor.Private));
        try
        {
            using (var host = Start(o => { o.PublicKeyPem = Vendor.Public; o.LicencePath = path; }, before))
            {
                var licensing = host.Services.GetRequiredService<ILicensing>();
                Assert.True(licensing.IsLicensed);
                before.Advance(TimeSpan.FromDays(31));
                Assert.Equal(LicenceProblem.Expired, licensing.Status.Problem);
            }

            Assert.True(File.Exists(path + ".seen"));
            var turnedBack = TestClock.Create(); // the same start time as the first run: 31 days earlier
            using var restarted = Start(o => { o.PublicKeyPem = Vendor.Public; o.LicencePath = path; }, turnedBack);

            Assert.Equal(LicenceProblem.Expired, restarted.Services.GetRequiredService<ILicensing>().Status.Problem);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Fail_at_start_up_with_a_retry_interval_that_is_not_positive()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Start(o => { o.PublicKeyPem = Vendor.Public; o.RetryInterval = TimeSpan.Zero; }));

        Assert.Contains("RetryInterval", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "PublicKeyPem is empty")]
    [InlineData("not a key", "PublicKeyPem is unusable")]
    public void Fail_at_start_up_without_a_usable_vendor_key(string? key, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Start(o => o.PublicKeyPem = key));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A clock that can be turned back, which <see cref="FakeTimeProvider"/> refuses to do and this test is about.</summary>
    private sealed class RewindableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = TestClock.Start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
