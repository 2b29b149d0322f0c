using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Khabar.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Articles_Search",
                table: "Articles",
                columns: new[] { "Id", "Status", "PublishedAt", "ServiceId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_Search",
                table: "Articles");
        }
    }
}
