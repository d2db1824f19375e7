using Xunit.Abstractions;
using Xunit.Sdk;

namespace MspHub.EntityFramework.Tests;

public sealed class DatabaseFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        [new DatabaseTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];

    private sealed class DatabaseTestCase : XunitTestCase
    {
        [Obsolete("For deserialization only.")]
        public DatabaseTestCase()
        {
        }

        public DatabaseTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method)
            : base(sink, display, options, method)
        {
        }

        // Decided from the concrete class at run time, so the case needs no state of its own to serialise.
        protected override string GetSkipReason(IAttributeInfo factAttribute) =>
            TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any()
            && string.IsNullOrWhiteSpace(PostgresFactAttribute.ConnectionString)
                ? new PostgresFactAttribute().Skip
                : base.GetSkipReason(factAttribute);
    }
}
