//! The UI's two hooks, Yew's `use_state` and `use_effect_with` kept type-free underneath, so
//! Yew's hook machinery is compiled once for every kind of state and every effect instead of
//! once per type and per call (issue #19: that was 15 KB of the 286 KB gzipped wasm).
//!
//! - [`use_slot`]: a value as of this render and `set` to replace it and render again. One
//!   difference from Yew 0.23's `use_state`, on purpose: a slot reads as it was when the
//!   component rendered (as React's state and Yew's before 0.23), not as last set. A callback
//!   made by a render sees that render's state, and every `set` brings a render that makes new
//!   callbacks; code that builds on what was set since (a counter bumped after an `await`) uses
//!   [`Slot::update`].
//! - [`use_effect_on`]: `use_effect_with`, the same contract.

use std::any::Any;
use std::cell::RefCell;
use std::marker::PhantomData;
use std::ops::Deref;
use std::rc::Rc;
use yew::functional::{
    Hook, HookContext, TearDown, UseForceUpdateHandle, use_effect_with, use_force_update,
    use_mut_ref,
};

/// The erased cell behind every slot: what was last set, if anything.
type Cell = Rc<RefCell<Option<Rc<dyn Any>>>>;

/// A piece of state: derefs to its value as of this render (like `UseStateHandle`).
pub struct Slot<T> {
    value: Rc<T>,
    cell: Cell,
    update: UseForceUpdateHandle,
}

impl<T: 'static> Slot<T> {
    /// Replaces the value and renders the component again (always, as `use_state` does).
    pub fn set(&self, value: T) {
        put(&self.cell, &self.update, Rc::new(value));
    }

    /// Sets the value to `f` of the one last set (not of this render's): for a change built
    /// on changes another callback may have made since.
    pub fn update(&self, f: impl FnOnce(&T) -> T) {
        let latest = self.cell.borrow().clone();
        let next = match latest.and_then(|v| v.downcast::<T>().ok()) {
            Some(v) => f(&v),
            None => f(&self.value),
        };
        self.set(next);
    }
}

/// The type-free half of `set` (a free function: a method of `Slot<T>` is compiled per `T`).
#[inline(never)]
fn put(cell: &Cell, update: &UseForceUpdateHandle, value: Rc<dyn Any>) {
    cell.replace(Some(value));
    update.force_update();
}

impl<T> Deref for Slot<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Clone for Slot<T> {
    fn clone(&self) -> Self {
        Slot {
            value: self.value.clone(),
            cell: self.cell.clone(),
            update: self.update.clone(),
        }
    }
}

impl<T> PartialEq for Slot<T> {
    /// The same value of the same state, as `UseStateHandle`'s comparison.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.value, &other.value)
    }
}

/// The hook [`use_slot`] returns.
pub struct UseSlot<T, F>(F, PhantomData<fn() -> T>);

/// State starting at `init()`, for a function component (called like `use_state`).
pub fn use_slot<T: 'static, F: FnOnce() -> T>(init: F) -> UseSlot<T, F> {
    UseSlot(init, PhantomData)
}

/// The two Yew hooks under every slot, the same types for all of them: compiled once.
#[inline(never)]
fn erased(ctx: &mut HookContext) -> (Cell, UseForceUpdateHandle) {
    let cell = use_mut_ref(|| None::<Rc<dyn Any>>).run(ctx);
    let update = use_force_update().run(ctx);
    (cell, update)
}

impl<T: 'static, F: FnOnce() -> T> Hook for UseSlot<T, F> {
    type Output = Slot<T>;

    fn run(self, ctx: &mut HookContext) -> Slot<T> {
        let (cell, update) = erased(ctx);
        let value = cell
            .borrow_mut()
            .get_or_insert_with(|| Rc::new((self.0)()))
            .clone();
        // A slot's place among the component's hooks never changes, so neither does its type.
        let value = match value.downcast::<T>() {
            Ok(value) => value,
            Err(_) => unreachable!("a slot keeps its type"),
        };
        Slot {
            value,
            cell,
            update,
        }
    }
}

/// An effect's dependencies with their comparison, type-free.
struct Deps {
    value: Rc<dyn Any>,
    same: fn(&dyn Any, &dyn Any) -> bool,
}

impl PartialEq for Deps {
    fn eq(&self, other: &Self) -> bool {
        (self.same)(&*self.value, &*other.value)
    }
}

/// What an effect runs: given its dependencies, it returns its clean-up.
type Run = Box<dyn FnOnce(&dyn Any) -> Box<dyn FnOnce()>>;

/// The hook [`use_effect_on`] returns.
pub struct UseEffectOn<D, F>(D, F);

/// Runs `f` after a render whenever `deps` differ from the last run's (after the first render
/// too), and `f`'s clean-up before the next run: Yew's `use_effect_with`, compiled once for
/// every effect instead of once per call.
pub fn use_effect_on<D, F, R>(deps: D, f: F) -> UseEffectOn<D, F>
where
    D: PartialEq + 'static,
    F: FnOnce(&D) -> R + 'static,
    R: TearDown,
{
    UseEffectOn(deps, f)
}

/// Yew's effect hook under every [`use_effect_on`], with one closure type: compiled once.
#[inline(never)]
fn erased_effect(ctx: &mut HookContext, deps: Deps, run: Run) {
    use_effect_with(deps, move |d| run(&*d.value)).run(ctx)
}

fn same<D: PartialEq + 'static>(a: &dyn Any, b: &dyn Any) -> bool {
    a.downcast_ref::<D>() == b.downcast_ref::<D>()
}

impl<D, F, R> Hook for UseEffectOn<D, F>
where
    D: PartialEq + 'static,
    F: FnOnce(&D) -> R + 'static,
    R: TearDown,
{
    type Output = ();

    fn run(self, ctx: &mut HookContext) {
        let UseEffectOn(deps, f) = self;
        let run: Run = Box::new(move |d: &dyn Any| match d.downcast_ref::<D>() {
            Some(d) => {
                let clean_up = f(d);
                Box::new(move || clean_up.tear_down())
            }
            None => Box::new(|| ()),
        });
        let deps = Deps {
            value: Rc::new(deps),
            same: same::<D>,
        };
        erased_effect(ctx, deps, run);
    }
}
