/// A condition node built only when something asks for it: the guard of a
/// `when` or `switch` arm is needed only by a property stated inside it, so
/// elaborating a design without properties builds none of them (and a switch
/// of n arms builds each arm's guard once, not n times).
final class LazyCondition {
    private var make: (() -> ExprNode)?
    private var built: ExprNode?

    init(_ node: ExprNode) { built = node }
    init(_ make: @escaping () -> ExprNode) { self.make = make }

    /// The condition, built on first use.
    var node: ExprNode {
        if let built { return built }
        let n = make!()
        built = n
        make = nil
        return n
    }
}
