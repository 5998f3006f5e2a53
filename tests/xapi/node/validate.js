// Reads a JSON array of xAPI statements on stdin; prints a JSON array of "id: problem" strings.
const validate = require("xapi-validation").default;
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const problems = [];
  for (const statement of JSON.parse(input)) {
    for (const warning of validate(statement)) {
      problems.push(`${statement.id}: ${JSON.stringify(warning.path || [])} ${warning.constructor.name} ${JSON.stringify(warning.data === undefined ? null : warning.data).slice(0, 200)}`);
    }
  }
  process.stdout.write(JSON.stringify(problems));
});
