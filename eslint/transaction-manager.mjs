// @ts-check
/**
 * `hub/transaction-manager`: inside a transaction, every query goes through the transaction's manager.
 *
 * A transaction holds one pool connection. A query on the process's DataSource from inside it, or a call to
 * a service that queries its own DataSource without being handed the manager, takes a second connection:
 * it sees nothing of the transaction's uncommitted work, and with a full pool it waits on itself.
 *
 * "Inside a transaction" is the callback of `x.transaction(...)`, or a function taking an `EntityManager`
 * parameter (the house's way to say "runs inside the caller's transaction"). Uses type information.
 */

/** @param {import('typescript').Type} type */
const typeName = (type) => type.getSymbol()?.getName() ?? type.aliasSymbol?.getName();

const OWN_CONNECTION = new Set(['DataSource', 'Repository']);

/** @type {import('eslint').Rule.RuleModule} */
export const transactionManager = {
  meta: {
    type: 'problem',
    docs: { description: 'Inside a transaction, query only through its EntityManager' },
    messages: {
      outerConnection:
        '`{{name}}` is a {{type}} outside the transaction: query through the manager `{{manager}}`, or this takes a second pool connection.',
      serviceWithoutManager:
        '`{{name}}` queries its own DataSource: pass it the manager `{{manager}}` (a call without it takes a second pool connection).',
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program || !services.esTreeNodeToTSNodeMap) return {};
    const checker = services.program.getTypeChecker();
    /** @type {(string | null)[]} */
    const managers = [];
    const current = () => [...managers].reverse().find((m) => m !== null) ?? null;
    const typeOf = (/** @type {import('estree').Node} */ node) =>
      checker.getTypeAtLocation(/** @type {import('typescript').Node} */ (services.esTreeNodeToTSNodeMap.get(/** @type {never} */ (node))));

    /** The manager a function receives: a transaction callback's first parameter, or an `EntityManager` parameter. */
    function managerOf(/** @type {any} */ fn) {
      const parent = fn.parent;
      const isCallback =
        parent?.type === 'CallExpression' &&
        parent.arguments.includes(fn) &&
        parent.callee.type === 'MemberExpression' &&
        parent.callee.property.type === 'Identifier' &&
        parent.callee.property.name === 'transaction';
      if (isCallback && fn.params[0]?.type === 'Identifier') return fn.params[0].name;
      for (const p of fn.params) {
        const param = p.type === 'TSParameterProperty' ? p.parameter : p;
        const annotation = param.typeAnnotation?.typeAnnotation;
        if (param.type === 'Identifier' && annotation?.type === 'TSTypeReference' && annotation.typeName.name === 'EntityManager') {
          return param.name;
        }
      }
      return null;
    }

    /** True when a class instance holds a DataSource or Repository of its own. */
    function holdsConnection(/** @type {import('typescript').Type} */ type) {
      return type.getProperties().some((p) => {
        const decl = p.valueDeclaration ?? p.declarations?.[0];
        return decl !== undefined && OWN_CONNECTION.has(typeName(checker.getTypeOfSymbolAtLocation(p, decl)) ?? '');
      });
    }

    const enter = (/** @type {any} */ fn) => managers.push(managerOf(fn));
    const exit = () => managers.pop();
    return {
      FunctionDeclaration: enter,
      FunctionExpression: enter,
      ArrowFunctionExpression: enter,
      'FunctionDeclaration:exit': exit,
      'FunctionExpression:exit': exit,
      'ArrowFunctionExpression:exit': exit,
      /** `this.db.query(...)`, `this.repo.find(...)` inside a transaction. */
      'MemberExpression[object.type="ThisExpression"]'(/** @type {any} */ node) {
        const manager = current();
        if (manager === null || node.parent?.type !== 'MemberExpression' || node.parent.object !== node) return;
        const type = typeName(typeOf(node));
        if (type && OWN_CONNECTION.has(type)) {
          context.report({ node, messageId: 'outerConnection', data: { name: context.sourceCode.getText(node), type, manager } });
        }
      },
      /** `this.hosted.find(dosId)` inside a transaction, where `hosted` holds a DataSource. */
      'CallExpression[callee.type="MemberExpression"][callee.object.type="MemberExpression"][callee.object.object.type="ThisExpression"]'(
        /** @type {any} */ node,
      ) {
        const manager = current();
        if (manager === null) return;
        if (node.arguments.some((/** @type {any} */ a) => a.type === 'Identifier' && a.name === manager)) return;
        const target = node.callee.object;
        const type = typeOf(target);
        if (OWN_CONNECTION.has(typeName(type) ?? '')) return; // reported as outerConnection
        if (holdsConnection(type)) {
          context.report({ node, messageId: 'serviceWithoutManager', data: { name: context.sourceCode.getText(node.callee), manager } });
        }
      },
    };
  },
};

export const hubPlugin = { rules: { 'transaction-manager': transactionManager } };
