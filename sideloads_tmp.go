package zendesk

// Sideloads is a placeholder until the model layer's side-load types land.
type Sideloads struct{}
