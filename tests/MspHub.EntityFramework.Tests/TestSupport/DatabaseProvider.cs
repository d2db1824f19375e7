namespace MspHub.EntityFramework.Tests;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
