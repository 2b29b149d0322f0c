using Khabar.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Khabar.Storage.Migrations.Postgres
{
    /// <summary>
    /// Which version of the search keys (Khabar.Persian.SearchKey.Version) the index was written with, how far a rebuild
    /// to the current one has come (article id) and when its rebuilder last reported (Unix seconds): a database written with older keys is rebuilt in the background at start.
    /// A database that has articles already starts at version 0 (rewritten whatever the keys), an empty one current.
    /// </summary>
    [DbContext(typeof(PostgresNewsDb))]
    [Migration("20261205090000_SearchKeyState")]
    public partial class SearchKeyState : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A database without articles has nothing to rewrite: it starts on the keys of the build that made it.
            migrationBuilder.Sql($"""
                CREATE TABLE "SearchKeyState" ("Id" integer NOT NULL PRIMARY KEY, "Version" integer NOT NULL, "RebuiltThrough" integer NOT NULL, "Heartbeat" bigint NOT NULL DEFAULT 0);
                INSERT INTO "SearchKeyState" ("Id", "Version", "RebuiltThrough")
                SELECT 1, 0, 0 WHERE EXISTS (SELECT 1 FROM "Articles")
                UNION ALL SELECT 1, {Persian.SearchKey.Version}, {int.MaxValue} WHERE NOT EXISTS (SELECT 1 FROM "Articles");
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE \"SearchKeyState\";");
        }
    }
}
