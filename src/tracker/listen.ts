/**
 * Listens for space-separated event types on window, in the capture phase: that sees every
 * event of the document and its elements first, including ones that do not bubble (media events)
 * and ones a page stops (a submit handler calling stopPropagation). The handler's errors are
 * swallowed: the script runs inside someone else's shop, and nothing it does may surface there.
 */
export function listen(types: string, handler: (event: Event) => void): void {
  for (const type of types.split(' ')) {
    addEventListener(
      type,
      (event) => {
        try {
          handler(event);
        } catch {
          // The host page must never see our errors.
        }
      },
      true,
    );
  }
}
