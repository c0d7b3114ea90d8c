export interface X {
  Mode?:
    "OnlyThis" | "All" | "ThisAndForward" | "Another" | "YetAnotherLongerValue";
  Mode?: (
    "OnlyThis" | "All" | "ThisAndForward" | "Another" | "YetAnotherLongerValue"
  )[];
  Mode?:
    | "OnlyThis"
    | "All"
    | "ThisAndForward"
    | "Another"
    | "YetAnotherLongerValue"
    | "More";
  Mode?: (
    | "OnlyThis"
    | "All"
    | "ThisAndForward"
    | "Another"
    | "YetAnotherLongerValue"
    | "More"
  )[];
  Mode?: Record<
    string,
    "OnlyThis" | "All" | "ThisAndForward" | "Another" | "YetAnotherLongerValue"
  >;
  Mode?: Record<
    string,
    | "OnlyThis"
    | "All"
    | "ThisAndForward"
    | "Another"
    | "YetAnotherLongerValue"
    | "More"
  >;
  Mode?: Record<
    string,
    (
      | "OnlyThis"
      | "All"
      | "ThisAndForward"
      | "Another"
      | "YetAnotherLongerValue"
      | "More"
    )[]
  >;
}
class C {
  async getSomethingLonger(
    mode:
      | "OnlyThis"
      | "All"
      | "ThisAndForward"
      | "Another"
      | "YetAnotherLongerValue",
    options: GetSomethingOptions = {},
  ): Promise<void> {}
  async getSomethingLonger(
    mode:
      | "OnlyThis"
      | "All"
      | "ThisAndForward"
      | "Another"
      | "YetAnotherLongerValue"
      | "More",
    options: GetSomethingOptions = {},
  ): Promise<void> {}
}
